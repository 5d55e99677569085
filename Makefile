# Everyday commands. `make help` lists them.
GO ?= go
PKGS := ./...

.PHONY: help test unit lint demo bench scale build fmt ci wp-plugin

# The end-to-end packages start browsers, replicas, nginx, WordPress, and
# time what they see: they run one at a time (-p 1), after the rest, so
# that two of them never share the two cores CI has and slow each other
# past their bounds (a CI run had the scale and fleet tests fail so, next
# to the browser tests' Chromium).
E2E := ./e2e/...

# Packages whose tests need nothing running: no database server, Redis,
# browser or WordPress.
UNIT := ./cache/... ./clean ./colour ./deploy ./images ./internal/... ./lang ./logs ./metrics ./model ./render ./seal ./widgets ./wpcom/...

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

test: ## install and start what the tests need (.ci/setup), then run every test with the race detector
	bash .ci/setup
	$(GO) test -race $$($(GO) list $(PKGS) | grep -v /e2e/)
	$(GO) test -race -p 1 $(E2E)

unit: ## the inner loop: the tests that need nothing running (about 20 s once built)
	$(GO) test $(UNIT)

lint: ## gofmt, go vet and staticcheck (a go tool pinned in go.mod), and php -l on the WordPress plugin
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)
	@find wp-plugin -name '*.php' -print0 | xargs -0 -n1 php -l > /dev/null

demo: ## run the service with the built-in WordPress.com simulator
	$(GO) run ./cmd/widgets -demo

bench: ## run the Go benchmarks (no tests)
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

scale: ## the full scale run (about 4 minutes; needs PostgreSQL, Redis, nginx): 100,000 widgets, 3 replicas; prints its report
	$(GO) test -count=1 -run '^TestScale$$' -v -timeout 20m ./e2e/scale -scale.full

build: ## build a static binary into bin/widgets
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags='-s -w' -o bin/widgets ./cmd/widgets

wp-plugin: ## build the WordPress plugin's installable zip into bin/follow-like-widgets.zip
	@mkdir -p bin && rm -f bin/follow-like-widgets.zip
	cd wp-plugin && zip -qr ../bin/follow-like-widgets.zip follow-like-widgets
	@echo "bin/follow-like-widgets.zip: upload it in WordPress under Plugins → Add New → Upload Plugin"

fmt: ## format the code
	gofmt -w .

ci: ## what CI runs
	bash .ci/run
