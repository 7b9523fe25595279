-- wrk script: one KMS call (AWS JSON 1.1) repeated on every keep-alive connection.
-- kms-bench.sh sets the environment:
--   KW_TARGET  the operation, e.g. TrentService.Encrypt
--   KW_BODY    the JSON request body (built once; every request sends the same bytes)
--   KW_DATE, KW_AUTH  X-Amz-Date and the SigV4 Authorization of exactly that request, made by
--                     kms-bench.sh just before the run (a signature is accepted for 5 minutes)
wrk.method = "POST"
wrk.path = "/"
wrk.body = os.getenv("KW_BODY")
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = os.getenv("KW_TARGET")
wrk.headers["X-Amz-Date"] = os.getenv("KW_DATE")
wrk.headers["Authorization"] = os.getenv("KW_AUTH")
