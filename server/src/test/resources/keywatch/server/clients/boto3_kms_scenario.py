"""Drives keywatch with Debian's boto3 and prints what boto3 returned, as one JSON document.

Usage: /usr/bin/python3 boto3_kms_scenario.py ENDPOINT_URL

Each step is recorded as boto3 hands it to a program: a successful call's response (without
ResponseMetadata, blobs as base64, timestamps as ISO 8601, plus the HTTP status), or a failed
call's botocore ClientError: its error code, message, HTTP status and str(e), the line a program
would log. The Java test (Boto3Test) asserts the shapes; this script asserts nothing.
"""
import base64
import datetime
import json
import sys

import boto3
import botocore.config
from botocore.exceptions import ClientError


def plain(value):
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat(), "tz": str(value.tzinfo is not None)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def call(steps, name, fn, **kwargs):
    try:
        response = fn(**kwargs)
    except ClientError as e:
        steps[name] = {
            "error": {
                "Code": e.response["Error"]["Code"],
                "Message": e.response["Error"]["Message"],
                "HTTPStatusCode": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "exception": type(e).__name__,
                "str": str(e),
            }
        }
        return None
    status = response["ResponseMetadata"]["HTTPStatusCode"]
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    steps[name] = {"response": plain(body), "HTTPStatusCode": status,
                   "hasRequestId": bool(response["ResponseMetadata"].get("RequestId"))}
    return response


def main():
    endpoint = sys.argv[1]
    # Timeouts so nothing can hang; retries stay at botocore's defaults (4xx are never retried).
    config = botocore.config.Config(connect_timeout=5, read_timeout=20)
    kms = boto3.client("kms", endpoint_url=endpoint, region_name="us-east-1", config=config)
    steps = {}

    key = call(steps, "create_key", kms.create_key, Description="created by boto3")
    key_id = key["KeyMetadata"]["KeyId"]
    other_id = call(steps, "create_other_key", kms.create_key)["KeyMetadata"]["KeyId"]
    steps["key_ids"] = {"key": key_id, "other": other_id}

    plaintext = b"boto3 plaintext \x00\xff"
    enc = call(steps, "encrypt", kms.encrypt, KeyId=key_id, Plaintext=plaintext,
               EncryptionContext={"purpose": "test"})
    blob = enc["CiphertextBlob"]

    dec = call(steps, "decrypt", kms.decrypt, CiphertextBlob=blob, EncryptionContext={"purpose": "test"})
    steps["decrypt_matches"] = dec["Plaintext"] == plaintext

    call(steps, "decrypt_wrong_key", kms.decrypt, CiphertextBlob=blob, KeyId=other_id,
         EncryptionContext={"purpose": "test"})
    call(steps, "decrypt_no_such_key", kms.decrypt, CiphertextBlob=blob, KeyId="some-random-false-key",
         EncryptionContext={"purpose": "test"})
    call(steps, "decrypt_wrong_context", kms.decrypt, CiphertextBlob=blob,
         EncryptionContext={"purpose": "other"})

    call(steps, "disable_key", kms.disable_key, KeyId=key_id)
    call(steps, "describe_disabled_key", kms.describe_key, KeyId=key_id)
    call(steps, "encrypt_disabled", kms.encrypt, KeyId=key_id, Plaintext=plaintext)

    # The modelled exception class, as a program catches it.
    try:
        kms.decrypt(CiphertextBlob=blob, KeyId=other_id, EncryptionContext={"purpose": "test"})
        steps["modelled_exception"] = None
    except kms.exceptions.IncorrectKeyException as e:
        steps["modelled_exception"] = type(e).__name__

    json.dump(steps, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
