-- wrk script: GET /health, the trivial endpoint that touches no key (the benchmark's floor).
wrk.method = "GET"
wrk.path = "/health"
