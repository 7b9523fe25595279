-- wrk script: one KMS call (AWS JSON 1.1) repeated on every keep-alive connection.
-- kms-bench.sh sets the environment:
--   KW_TARGET  the operation, e.g. TrentService.Encrypt
--   KW_BODY    the JSON request body (built once; every request sends the same bytes)
-- The Authorization header names a caller the way SigV4 does; keywatch only reads the access key
-- id from its credential scope (signature verification is the iam module's job).
wrk.method = "POST"
wrk.path = "/"
wrk.body = os.getenv("KW_BODY")
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = os.getenv("KW_TARGET")
wrk.headers["Authorization"] =
  "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0"
