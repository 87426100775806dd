using Charta.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Charta.Server;

/// <summary>
/// RFC 7807 problem details with the CLI's refusal text. Status mapping: a refusal by the charter 422, bad input 400,
/// an unknown resource 404, a stale expected sequence 409, not signed in 401, a role that may not 403. Each problem
/// carries <c>field</c>, <c>value</c>, <c>reason</c> and <c>clause</c>; <c>detail</c> is exactly the line the CLI prints
/// after "error: ".
/// </summary>
public static class Problems
{
    public const string RefusalType = "https://charta.dev/problems/refusal";
    public const string BadInputType = "https://charta.dev/problems/bad-input";
    public const string NotFoundType = "https://charta.dev/problems/not-found";
    public const string ConflictType = "https://charta.dev/problems/conflict";
    public const string ForbiddenType = "https://charta.dev/problems/forbidden";

    public static ProblemHttpResult Refused(Refusal r) => Of(r, StatusCodes.Status422UnprocessableEntity, "Refused by the charter", RefusalType);

    public static ProblemHttpResult BadInput(Refusal r) => Of(r, StatusCodes.Status400BadRequest, "Bad input", BadInputType);

    public static ProblemHttpResult NotFound(Refusal r) => Of(r, StatusCodes.Status404NotFound, "Not found", NotFoundType);

    public static ProblemHttpResult Conflict(Refusal r) => Of(r, StatusCodes.Status409Conflict, "The ledger has moved on", ConflictType);

    public static ProblemHttpResult Forbidden(string what) =>
        TypedResults.Problem(title: "Forbidden", detail: what, statusCode: StatusCodes.Status403Forbidden, type: ForbiddenType);

    /// <summary>A refusal (422) with more to show beside it (e.g. both readings' outcomes of an offering).</summary>
    public static ProblemHttpResult Refused(Refusal r, IReadOnlyDictionary<string, object?> extra) =>
        Of(r, StatusCodes.Status422UnprocessableEntity, "Refused by the charter", RefusalType, extra);

    public static ProblemHttpResult Of(Refusal r, int status, string title, string type, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["field"] = r.Field,
            ["value"] = r.Value,
            ["reason"] = r.Reason,
            ["clause"] = r.Clause?.Citation,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, object?>()) extensions[k] = v;
        return TypedResults.Problem(title: title, detail: r.ToString(), statusCode: status, type: type, extensions: extensions);
    }
}

/// <summary>Reading query and body values into domain values; a bad one is a refusal naming the field (mapped to 400).</summary>
public static class Input
{
    public static Result<DateOnly?> OptionalDate(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (DateOnly?)null;
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
            ? d
            : new Refusal(field, text, "must be a date YYYY-MM-DD");
    }

    public static Result<DateOnly> Date(string field, string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? new Refusal(field, "(missing)", "is required: a date YYYY-MM-DD")
            : OptionalDate(field, text).Map(d => d!.Value);

    public static Result<string> Text(string field, string? text) =>
        string.IsNullOrWhiteSpace(text) ? new Refusal(field, "(missing)", "is required") : text.Trim();

    public static Result<long> Shares(string field, long? n) =>
        n is null ? new Refusal(field, "(missing)", "is required: a whole number of shares")
        : n <= 0 ? new Refusal(field, n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be a positive number of shares")
        : n.Value;

    public static Result<decimal> Money(string field, decimal? d) =>
        d is null ? new Refusal(field, "(missing)", "is required: a decimal amount such as 1.07")
        : d < 0 ? new Refusal(field, d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must not be negative")
        : d.Value;

    public static Result<decimal> Money(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new Refusal(field, "(missing)", "is required: a decimal amount such as 250000000");
        var t = text.Trim().TrimStart('$');
        return decimal.TryParse(t, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var d)
            ? d
            : new Refusal(field, text, "must be a non-negative decimal amount such as 250000000");
    }

    /// <summary>A split ratio NEW:OLD (the CLI's --ratio reading).</summary>
    public static Result<(long Numerator, long Denominator)> Ratio(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new Refusal(field, "(missing)", "is required: a ratio NEW:OLD such as 3:1");
        var parts = text.Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            || !long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d)
            || n <= 0 || d <= 0)
            return new Refusal(field, text, "must be a ratio NEW:OLD of positive whole numbers, e.g. 3:1 (split) or 1:2 (combination)");
        if (n > 1_000_000 || d > 1_000_000) return new Refusal(field, text, "each side of a split ratio is at most 1,000,000 (see Limits in docs/cli.md)");
        return (n, d);
    }
}
