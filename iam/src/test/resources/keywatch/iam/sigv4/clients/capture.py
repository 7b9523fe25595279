#!/usr/bin/env python3
"""Records what boto3 and the AWS CLI put on the wire, for ClientCapturedRequestsTest.

Run by hand (needs boto3/botocore and the aws CLI; CI does not run it):
    python3 capture.py OUTPUT_DIR
A throwaway HTTP server on 127.0.0.1 stores each request's bytes exactly as received and answers
400 so that the client stops; the clients are pointed at it with an endpoint URL. The keys below
are made up for these fixtures and open nothing.
"""
import os
import socket
import subprocess
import sys
import threading

LONG_TERM = ("AKIACAPTUREEXAMPLE01", "capture/LONG+term/SECRET/EXAMPLEKEY000000")
TEMPORARY = ("ASIACAPTUREEXAMPLE02", "capture/TEMP+secret/EXAMPLEKEY0000000000",
             "IQoJb3JpZ2luX2VjEXAMPLE/capture+session/token==")
ERROR = (b'HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\n'
         b'Content-Length: 71\r\nConnection: close\r\n\r\n'
         b'{"__type":"ValidationException","message":"captured, not served here."}')


def serve(listener, captured):
    while True:
        conn, _ = listener.accept()
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            body += conn.recv(65536)
        captured.append(head + b"\r\n\r\n" + body)
        conn.sendall(ERROR)
        conn.close()


def main(out):
    os.makedirs(out, exist_ok=True)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    endpoint = "http://127.0.0.1:%d" % listener.getsockname()[1]
    captured = []
    threading.Thread(target=serve, args=(listener, captured), daemon=True).start()

    def keep(name):
        assert len(captured) == 1, (name, len(captured))
        with open(os.path.join(out, name + ".http"), "wb") as f:
            f.write(captured.pop())

    import boto3
    from botocore.config import Config
    config = Config(retries={"max_attempts": 1, "mode": "standard"})
    for label, key in (("long-term", LONG_TERM), ("session", TEMPORARY)):
        session = boto3.session.Session(
            aws_access_key_id=key[0], aws_secret_access_key=key[1],
            aws_session_token=key[2] if len(key) > 2 else None, region_name="us-east-1")
        kms = session.client("kms", endpoint_url=endpoint, config=config)
        for call, kwargs in (
                ("encrypt", dict(KeyId="alias/app", Plaintext=b"hello keywatch",
                                 EncryptionContext={"purpose": "capture"})),
                ("list_keys", dict(Limit=5))):
            try:
                getattr(kms, call)(**kwargs)
            except Exception:
                pass
            keep("boto3-kms-%s-%s" % (call.replace("_", "-"), label))
        sts = session.client("sts", endpoint_url=endpoint, config=config)
        try:
            sts.get_caller_identity()
        except Exception:
            pass
        keep("boto3-sts-get-caller-identity-%s" % label)

    for label, key in (("long-term", LONG_TERM), ("session", TEMPORARY)):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=key[0], AWS_SECRET_ACCESS_KEY=key[1],
                   AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="1",
                   AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
        env.pop("AWS_SESSION_TOKEN", None)
        env.pop("AWS_PROFILE", None)
        if len(key) > 2:
            env["AWS_SESSION_TOKEN"] = key[2]
        for name, args in (
                ("encrypt", ["kms", "encrypt", "--key-id", "alias/app",
                             "--plaintext", "aGVsbG8ga2V5d2F0Y2g="]),
                ("describe-key", ["kms", "describe-key", "--key-id", "alias/app"])):
            subprocess.run(["aws", "--endpoint-url", endpoint] + args, env=env,
                           capture_output=True)
            keep("awscli-kms-%s-%s" % (name, label))


if __name__ == "__main__":
    main(sys.argv[1])
