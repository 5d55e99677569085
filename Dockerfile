# syntax=docker/dockerfile:1
# Build: a static binary, no cgo (SQLite is modernc.org/sqlite, pure Go).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/widgets ./cmd/widgets \
 && mkdir -p /out/data

# Run: distroless static, as the unprivileged "nonroot" user (65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/widgets /usr/local/bin/widgets
COPY --from=build --chown=65532:65532 /out/data /data
ENV WIDGETS_ADDR=0.0.0.0:8080 \
    WIDGETS_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/widgets"]
