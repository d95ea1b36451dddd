# Ticketflow in a container: a release build from this repository on the
# official Swift image, run from a slim Debian image as an unprivileged user.
#   docker build -t ticketflow .
#   docker run -p 8080:8080 -v ticketflow-data:/var/lib/ticketflow \
#     -e TICKETFLOW_INTAKE_TOKEN=... ticketflow
# The container listens on 0.0.0.0, so intake needs a credential: set
# TICKETFLOW_INTAKE_TOKEN (or create api tokens and set TICKETFLOW_OPEN_INTAKE=false),
# or pass `serve --allow-open-intake` if anyone who can reach it may open tickets.
# The sentence encoder is not in the image: mount a model directory
# (scripts/fetch-encoder.sh DIR) and set TICKETFLOW_ENCODER_DIR to it.
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev libopenblas-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve packages in their own layer, so a source change does not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN swift build -c release --product ticketflow --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/ticketflow" /out/ticketflow

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 libopenblas0-pthread ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/ticketflow --create-home --shell /usr/sbin/nologin ticketflow
COPY --from=build /out/ticketflow /usr/local/bin/ticketflow
USER ticketflow
ENV TICKETFLOW_DATA_DIR=/var/lib/ticketflow \
    TICKETFLOW_HOST=0.0.0.0 \
    TICKETFLOW_PORT=8080
VOLUME /var/lib/ticketflow
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:8080/healthz >/dev/null || exit 1
ENTRYPOINT ["ticketflow"]
CMD ["serve"]
