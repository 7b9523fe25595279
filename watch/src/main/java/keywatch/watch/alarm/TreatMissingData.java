package keywatch.watch.alarm;

/** How an alarm treats missing datapoints; the names are AWS's strings. */
public enum TreatMissingData {
  missing,
  ignore,
  breaching,
  notBreaching;

  public static TreatMissingData fromAws(String s) {
    if (s == null) {
      return missing;
    }
    for (TreatMissingData t : values()) {
      if (t.name().equals(s)) {
        return t;
      }
    }
    throw new keywatch.watch.error.WatchException(
        "ValidationError", "The value " + s + " is not valid for TreatMissingData. Valid values: breaching, notBreaching, ignore, missing.");
  }
}
