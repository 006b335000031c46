# Run as `cmake -DINPUT=file -DOUTPUT=file.cpp -DFUNCTION=ns::name -P embed_file.cmake`: writes a
# .cpp defining `std::string_view FUNCTION()` that returns the bytes of INPUT. The bytes go into
# raw string literals, so the file compiles fast; INPUT must not contain the delimiter.
set(delimiter "LIVELOAD_EMBED")
file(READ "${INPUT}" content)
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )${delimiter}\"")
endif()
string(REGEX MATCH "^(.*)::([^:]+)$" whole "${FUNCTION}")
set(namespace "${CMAKE_MATCH_1}")
set(name "${CMAKE_MATCH_2}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/embed_file.cmake; do not edit.\n"
  "#include <string_view>\n\n"
  "namespace ${namespace} {\n\n"
  "std::string_view ${name}() {\n"
  "  static constexpr char kBytes[] = R\"${delimiter}(${content})${delimiter}\";\n"
  "  return {kBytes, sizeof kBytes - 1};\n"
  "}\n\n"
  "}  // namespace ${namespace}\n")
# Only a changed file is replaced, so an unchanged template recompiles nothing.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
