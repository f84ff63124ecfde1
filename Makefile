# Two commands on a fresh machine: `make run` and `make test`.
SWIFT ?= swift
DEBIAN_PACKAGES := libopenblas-dev libhdf5-dev

.PHONY: deps build run test bench clean

deps:
	@scripts/install-deps.sh $(DEBIAN_PACKAGES)

build: deps
	$(SWIFT) build -c release

run: build
	$(SWIFT) run -c release credo-bench

test: deps
	$(SWIFT) test

bench: build
	$(SWIFT) run -c release credo-bench

clean:
	rm -rf .build
