package keywatch.server.respond;

/** Where a response stands. Only DONE can be undone. */
public enum ResponseState {
  /** Dry-run: what would have been done; nothing changed. */
  DRY_RUN,
  /** Waits for {@code keywatch respond approve <id>}; nothing changed yet. */
  PENDING_APPROVAL,
  DONE,
  FAILED,
  UNDONE,
  /** The key is on the alarm's allow-list: never disabled or denied. */
  SKIPPED_ALLOW_LIST,
  /** The hourly limit of disabled keys was reached. */
  SKIPPED_RATE_LIMIT,
  /** The same response to the same target happened within the alarm's cooldown. */
  SKIPPED_COOLDOWN
}
