/**
 * KMS calls as CloudTrail records, the way AWS KMS writes them (AWS KMS Developer Guide, "Logging
 * AWS KMS API calls with AWS CloudTrail" and its per-operation examples), and the rule that a call
 * is audited or refused ({@link keywatch.kms.audit.TrailAuditor}).
 *
 * <p>What may enter a record is an allow-list per operation ({@link keywatch.kms.audit.KmsEventFields}):
 * request members by name, response elements built from key metadata. Plaintext, ciphertext blobs,
 * messages, signatures, MACs, grant tokens and key material are never on it.
 */
package keywatch.kms.audit;
