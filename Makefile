# Thin wrappers; the scripts do the work and install what is missing.
.PHONY: demo test build
demo:
	scripts/demo.sh
test:
	scripts/test.sh
build:
	scripts/setup.sh
