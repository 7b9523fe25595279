package keywatch.trail.validate;

/** What the validator concluded about one file. */
public enum FileStatus {
  VALID,
  /** Present but its hash, signature, format, location or chain link is wrong. */
  INVALID,
  /** Listed (a log file) or linked (a digest) but not there. */
  MISSING,
  /** Beyond AWS: a log file in an hour whose valid digest does not list it (an inserted file). */
  EXTRA
}
