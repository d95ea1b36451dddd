"""Runs llama.cpp's OpenAI-compatible server (from the xllamacpp wheel) until SIGTERM or SIGINT.

scripts/llm-server.sh starts it in the background for the real-server tests; it is not meant for production.
Usage: LLM_SERVER_API_KEY=KEY python llm_server.py --model FILE.gguf --port PORT [--threads 1] [--ctx 4096]
The key comes from the environment, not the command line, where any user could read it in ps.
"""

import argparse
import os
import signal
import threading

import xllamacpp as xlc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="path of the GGUF file")
    parser.add_argument("--alias", default="smollm2-135m-instruct", help="model name the server reports")
    parser.add_argument("--port", type=int, required=True, help="loopback port to listen on")
    # One thread: CI has two cores shared with the Swift tests, and the 135M model is fast enough on one.
    parser.add_argument("--threads", type=int, default=1)
    # Shared by the slots (unified KV cache below): one request may use all of it.
    parser.add_argument("--ctx", type=int, default=4096)
    # Two slots, so one test's long generation does not queue every other test behind it.
    parser.add_argument("--parallel", type=int, default=2)
    args = parser.parse_args()

    params = xlc.CommonParams()
    params.model.path = args.model
    params.model_alias = {args.alias}
    params.hostnames = ["127.0.0.1"]
    params.port = args.port
    # Every endpoint but /health then needs "Authorization: Bearer KEY".
    params.api_keys = [os.environ["LLM_SERVER_API_KEY"]]
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.n_ctx = args.ctx
    params.n_parallel = args.parallel
    # One KV cache for all slots. With a cache per slot, llama.cpp 2026.10 returns a different vector for
    # one input of a batched /v1/embeddings call depending on the inputs' order (cosine 0.92 instead of 1).
    params.kv_unified = True
    # /v1/embeddings from the same model; OpenAI's format needs pooled vectors (llama.cpp's default is none).
    params.embedding = True
    params.pooling_type = xlc.llama_pooling_type.LLAMA_POOLING_TYPE_MEAN
    # A fixed seed makes a failing run easier to reproduce; tests never assert on the text anyway.
    params.sampling.seed = 42
    params.ui = False

    # The constructor loads the model and starts listening; the server lives as long as this object.
    server = xlc.Server(params)
    print(f"llm_server: listening on {server.listening_address}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(3600):
        pass
    del server


if __name__ == "__main__":
    main()
