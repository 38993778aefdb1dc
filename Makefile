# xenv: build, test, install, demo, bench. Run `make help` for the list.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SWIFT ?= swift
# Release binaries carry the Swift runtime, so they run on machines without a Swift toolchain.
RELEASE_FLAGS = -c release --static-swift-stdlib
RELEASE_BIN = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)

.PHONY: help build test lint check-windows install uninstall demo bench clean

help:
	@echo "make build    build xenv and the xenv-link shim (release)"
	@echo "make test     make lint, then every test: unit, shim and end to end with cargo, lld-link, rust-lld and shells"
	@echo "make lint     zizmor, check-jsonschema and shellcheck on the action, the workflows and every shell script;"
	@echo "              make check-windows"
	@echo "make check-windows  type-check every #if os(Windows) branch here, against a WinSDK made from Wine's headers"
	@echo "make install  install xenv and xenv-link into $(BINDIR) (PREFIX=$(PREFIX))"
	@echo "make demo     build, make a demo sysroot, set up arm64 and link a Rust program through the shim"
	@echo "make bench    the measurements in BENCHMARKS.md, each against a baseline in the same run"
	@echo "make clean    remove build products and demo output"

build:
	$(SWIFT) build $(RELEASE_FLAGS) --product xenv
	$(SWIFT) build $(RELEASE_FLAGS) --product xenv-link

test: lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

lint:
	bash scripts/lint.sh

check-windows:
	SWIFT="$(SWIFT)" bash scripts/check-windows.sh

install: build
	install -d "$(DESTDIR)$(BINDIR)"
	install -m 0755 "$(RELEASE_BIN)/xenv" "$(DESTDIR)$(BINDIR)/xenv"
	install -m 0755 "$(RELEASE_BIN)/xenv-link" "$(DESTDIR)$(BINDIR)/xenv-link"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/xenv" "$(DESTDIR)$(BINDIR)/xenv-link"

demo: build
	bash scripts/demo.sh "$(RELEASE_BIN)"

bench: build
	$(SWIFT) build $(RELEASE_FLAGS) --product fetch-bench
	bash scripts/bench.sh "$(RELEASE_BIN)"

clean:
	$(SWIFT) package clean
	rm -rf .build demo-out
