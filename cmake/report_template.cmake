# The HTML report's page template. report/web/dist/report-template.html is built from the
# TypeScript front end by npm and committed, so building liveload needs no Node: it is embedded
# into liveload_report as a generated .cpp. `cmake --build B --target report_template` rebuilds
# the template with npm (not part of the default build).
set(LIVELOAD_REPORT_TEMPLATE ${PROJECT_SOURCE_DIR}/report/web/dist/report-template.html)
set(LIVELOAD_REPORT_TEMPLATE_CPP ${PROJECT_BINARY_DIR}/generated/report_template.cpp)
add_custom_command(
  OUTPUT ${LIVELOAD_REPORT_TEMPLATE_CPP}
  COMMAND ${CMAKE_COMMAND} -DINPUT=${LIVELOAD_REPORT_TEMPLATE} -DOUTPUT=${LIVELOAD_REPORT_TEMPLATE_CPP}
          -DFUNCTION=liveload::report::html_template -P ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
  DEPENDS ${LIVELOAD_REPORT_TEMPLATE} ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
  COMMENT "Embedding the HTML report template"
  VERBATIM)
target_sources(liveload_report PRIVATE ${LIVELOAD_REPORT_TEMPLATE_CPP})

find_program(LIVELOAD_NPM npm)
if(LIVELOAD_NPM)
  add_custom_target(report_template
    COMMAND ${LIVELOAD_NPM} ci --no-audit --no-fund --loglevel=error
    COMMAND ${LIVELOAD_NPM} run --silent build
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/report/web
    COMMENT "Building report/web/dist/report-template.html with npm"
    VERBATIM)
endif()

# Writes the synthetic results the browser tests open (report/web/test/), made through the
# telemetry registry and the result builder like a real run's.
add_executable(report_fixtures ${PROJECT_SOURCE_DIR}/report/web/testlib/make_fixtures.cpp
  ${PROJECT_SOURCE_DIR}/report/web/testlib/day_run.cpp)
target_compile_options(report_fixtures PRIVATE ${LIVELOAD_WARNINGS})
target_link_libraries(report_fixtures PRIVATE liveload_report)

# The report in real Chromium (node's test runner and playwright-core, after `npm ci` in
# report/web). Registered here, next to what it tests; CTest reads it once include(CTest) has
# enabled testing.
if(LIVELOAD_NPM)
  add_test(NAME report_web COMMAND ${LIVELOAD_NPM} test --silent
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/report/web)
  set_tests_properties(report_web PROPERTIES RUN_SERIAL TRUE TIMEOUT 600 LABELS server
    ENVIRONMENT "LIVELOAD_BINARY=$<TARGET_FILE:liveload>;LIVELOAD_REPORT_FIXTURES=$<TARGET_FILE:report_fixtures>;LIVELOAD_REPORT_OUT=${PROJECT_BINARY_DIR}/report-web;LIVELOAD_SCREENSHOTS=${PROJECT_BINARY_DIR}/screenshots")
endif()
