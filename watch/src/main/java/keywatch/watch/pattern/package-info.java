/**
 * CloudWatch Logs filter patterns: {@link keywatch.watch.pattern.PatternParser} (hand-written
 * lexer and recursive-descent parser, grammar in its class comment) builds an immutable AST
 * ({@link keywatch.watch.pattern.PatternNode} and the records below it);
 * {@link keywatch.watch.pattern.PatternPrinter} prints it back; {@link
 * keywatch.watch.pattern.FilterPattern} compiles it to a matcher per pattern kind and is the
 * API the metric filters use.
 *
 * <p>Many patterns over one event: make one {@link keywatch.watch.pattern.ParsedEvent#of(String)}
 * per event and pass it to every pattern's {@code match(ParsedEvent)}. The raw-text checks (the
 * escape check and each needle search) and the JSON tree are then computed at most once for the
 * event, and a JSON pattern parses the event only if the needles its comparisons require are all
 * in the raw text ({@code Prefilter}), so a record no filter can match is never parsed.
 * {@code MetricFilters} does this for every event it is given. ({@code match(String)} and
 * {@code match(LogEvent)} share a parse only with the calling thread's previous call on the same
 * message object.)
 *
 * <p>The specification is AWS's "Filter pattern syntax for metric filters, subscription filters,
 * filter log events, and Live Tail" page and the documented outcomes in
 * {@code shared/oracles/filter-patterns.json}. Where AWS documents nothing, keywatch chooses,
 * and says so here:
 *
 * <ul>
 *   <li>Text: unquoted terms may hold any character but blanks and {@code "} (AWS asks for
 *       quotes around non-alphanumerics; keywatch accepts both). {@code ?} terms are ignored as
 *       soon as the pattern has any plain or {@code -} term. Quoted terms and values know two
 *       escapes, {@code \"} and {@code \\}.
 *   <li>Regex: exactly the documented character set (so a blank inside {@code %...%} is
 *       rejected); a standalone regex cannot be combined with text terms.
 *   <li>Space-delimited: fields are separated by runs of blanks; {@code ...} absorbs zero or
 *       more fields and may appear several times; a field name repeated after {@code &&} or
 *       {@code ||} must be the field's own. Extracted values hold {@code $name} and the field's
 *       1-based position in the pattern ({@code $1}...).
 *   <li>JSON: a missing field, null, object or array satisfies no comparison ({@code !=}
 *       included); {@code = "*"} needs a string, number or boolean; {@code <, <=, >, >=} need a
 *       JSON number (a numeric string does not do); {@code IS NULL} is false for a missing
 *       field; {@code .*} enumerates object values and array elements; keywords are accepted in
 *       any case; nested {@code &&}/{@code ||} of one kind are flattened in the AST.
 * </ul>
 */
package keywatch.watch.pattern;
