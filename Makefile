# Everyday commands. `make help` lists them.
GO ?= go
PKGS := ./...

.PHONY: help test lint demo bench build fmt ci

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

test: ## run every test with the race detector (the README's test command)
	$(GO) test -race $(PKGS)

lint: ## gofmt and go vet
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

demo: ## run the service with the built-in WordPress.com simulator
	$(GO) run ./cmd/widgets -demo

bench: ## run the Go benchmarks (no tests)
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

build: ## build a static binary into bin/widgets
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags='-s -w' -o bin/widgets ./cmd/widgets

fmt: ## format the code
	gofmt -w .

ci: ## what CI runs
	bash .ci/run
