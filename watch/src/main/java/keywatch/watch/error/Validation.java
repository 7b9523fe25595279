package keywatch.watch.error;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects constraint violations and reports them the way AWS's front end does:
 * {@code 1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: ...},
 * joined with {@code ; } when there are several.
 */
public final class Validation {
  private final List<String> errors = new ArrayList<>();

  public Validation required(String field, Object value) {
    if (value == null) {
      errors.add("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
    }
    return this;
  }

  public Validation length(String field, String value, int min, int max) {
    if (value == null) {
      return this;
    }
    if (value.length() < min) {
      errors.add(at(field, value) + "Member must have length greater than or equal to " + min);
    } else if (value.length() > max) {
      errors.add(at(field, value) + "Member must have length less than or equal to " + max);
    }
    return this;
  }

  public Validation pattern(String field, String value, String regex) {
    if (value != null && !Pattern.compile(regex).matcher(value).matches()) {
      errors.add(at(field, value) + "Member must satisfy regular expression pattern: " + regex);
    }
    return this;
  }

  public Validation range(String field, Number value, double min, double max) {
    if (value == null) {
      return this;
    }
    if (value.doubleValue() < min) {
      errors.add(at(field, value) + "Member must have value greater than or equal to " + fmt(min));
    } else if (value.doubleValue() > max) {
      errors.add(at(field, value) + "Member must have value less than or equal to " + fmt(max));
    }
    return this;
  }

  public Validation oneOf(String field, String value, List<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      errors.add(at(field, value) + "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
    }
    return this;
  }

  public Validation size(String field, List<?> value, int min, int max) {
    if (value == null) {
      return this;
    }
    if (value.size() < min) {
      errors.add(at(field, value) + "Member must have length greater than or equal to " + min);
    } else if (value.size() > max) {
      errors.add(at(field, value) + "Member must have length less than or equal to " + max);
    }
    return this;
  }

  public void throwIfAny() {
    if (errors.isEmpty()) {
      return;
    }
    String msg =
        errors.size() + " validation error" + (errors.size() == 1 ? "" : "s") + " detected: " + String.join("; ", errors);
    throw new WatchException("ValidationException", msg);
  }

  private static String at(String field, Object value) {
    return "Value '" + value + "' at '" + field + "' failed to satisfy constraint: ";
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
