/**
 * Identity and authorization: who is calling (SigV4 over access keys, STS sessions), and may they
 * (the IAM policy language and its evaluation). Knows nothing of KMS beyond action names.
 */
package keywatch.iam;
