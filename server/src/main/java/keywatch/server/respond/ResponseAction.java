package keywatch.server.respond;

/** What a response does; each has an undo. */
public enum ResponseAction {
  /** DisableKey on the key named in the breaching records; undo: EnableKey. */
  DISABLE_KEY,
  /** A Deny statement for the offending principal appended to the key's policy; undo: remove it. */
  DENY_PRINCIPAL,
  /** The offending access key made inactive; undo: active again. */
  DEACTIVATE_ACCESS_KEY
}
