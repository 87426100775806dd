using System.Globalization;
using System.Text.Json;
using Charta.Core.Liquidation;

namespace Charta.Core.Valuation;

public enum ScenarioKind
{
    /// <summary>A public offering: every series converts (the charter's automatic conversion), common and options share the value.</summary>
    Ipo,
    /// <summary>A merger or sale of the company at a value: the liquidation waterfall with the holders' conversion choices.</summary>
    Sale,
    /// <summary>A dissolution distributing the net assets: the liquidation waterfall.</summary>
    Dissolution,
    /// <summary>Staying private, valued by the OPM at today's equity (the hybrid method's OPM scenario).</summary>
    Opm,
}

/// <summary>One future outcome: its probability, date and equity value (for <see cref="ScenarioKind.Opm"/>: the OPM inputs).</summary>
public sealed record Scenario(string Name, ScenarioKind Kind, decimal Probability, DateOnly? Date, decimal Equity,
    decimal? Volatility = null, decimal? Term = null, decimal? Rate = null);

/// <summary>The scenarios as of the valuation date, discounted at <see cref="DiscountRate"/> (annual, compounded yearly).</summary>
public sealed record ScenarioSet(DateOnly ValuationDate, decimal DiscountRate, IReadOnlyList<Scenario> Scenarios)
{
    public bool IsHybrid => Scenarios.Any(s => s.Kind == ScenarioKind.Opm);
}

/// <summary>A scenario valued: the payout per curve class at the exit (exact), the discount factor and the present values.</summary>
public sealed record ScenarioValue(Scenario Scenario, double Years, double DiscountFactor, IReadOnlyList<double> Payout, IReadOnlyList<double> PresentValue, string Clause);

/// <summary>The probability-weighted present value per curve class (and per share), and each scenario's part.</summary>
public sealed record PwermResult(ScenarioSet Set, IReadOnlyList<string> ClassIds, IReadOnlyList<long> Shares, IReadOnlyList<ScenarioValue> Scenarios, IReadOnlyList<double> Weighted)
{
    public double PerShare(int c) => Shares[c] == 0 ? 0.0 : Weighted[c] / Shares[c];
}

/// <summary>
/// The probability-weighted expected return method, and the hybrid method when one of the scenarios is valued by the
/// OPM. Each exit scenario is paid through the exact waterfall and discounted to the valuation date at
/// (1 + rate)^(−years), years = days / 365.
/// </summary>
public static class Pwerm
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Reads a scenario file (JSON; see docs/cli.md, "charta value pwerm"). <paramref name="source"/> names it in refusals.</summary>
    public static Result<ScenarioSet> Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return new Refusal(source, "(file)", $"is not valid JSON: {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new Refusal(source, "(file)", "must be a JSON object with valuationDate, discountRate and scenarios");
            if (Date(root, "valuationDate", source, out var valuation) is { } r1) return r1;
            if (valuation is null) return new Refusal(source + ": valuationDate", "(missing)", "is required (YYYY-MM-DD)");
            if (Number(root, "discountRate", source, out var rate) is { } r2) return r2;
            if (rate is null || rate < 0 || rate > 5) return new Refusal(source + ": discountRate", rate?.ToString(C) ?? "(missing)", "must be an annual rate between 0 and 5, e.g. 0.25");
            if (!root.TryGetProperty("scenarios", out var arr) || arr.ValueKind != JsonValueKind.Array || arr.GetArrayLength() == 0)
                return new Refusal(source + ": scenarios", "(missing)", "must be a non-empty array");
            var list = new List<Scenario>();
            var i = 0;
            foreach (var e in arr.EnumerateArray())
            {
                var at = $"{source}: scenarios[{i++}]";
                if (e.ValueKind != JsonValueKind.Object) return new Refusal(at, e.ToString(), "must be an object");
                var name = e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : $"scenario {i}";
                var kindText = e.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "";
                ScenarioKind? kind = kindText switch
                {
                    "ipo" => ScenarioKind.Ipo,
                    "sale" or "m&a" or "merger" => ScenarioKind.Sale,
                    "dissolution" => ScenarioKind.Dissolution,
                    "opm" => ScenarioKind.Opm,
                    _ => null,
                };
                if (kind is null) return new Refusal(at + ".kind", kindText, "must be ipo, sale, dissolution or opm");
                if (Number(e, "probability", at, out var p) is { } r3) return r3;
                if (p is null || p < 0 || p > 1) return new Refusal(at + ".probability", p?.ToString(C) ?? "(missing)", "must be between 0 and 1");
                if (Number(e, "equity", at, out var eq) is { } r4) return r4;
                if (eq is null || eq < 0) return new Refusal(at + ".equity", eq?.ToString(C) ?? "(missing)", "must be a non-negative amount");
                if (Date(e, "date", at, out var date) is { } r5) return r5;
                if (kind == ScenarioKind.Opm)
                {
                    if (Number(e, "volatility", at, out var v) is { } r6) return r6;
                    if (Number(e, "term", at, out var t) is { } r7) return r7;
                    if (Number(e, "rate", at, out var rr) is { } r8) return r8;
                    var a = new OpmAssumptions(eq.Value, v ?? 0, t ?? 0, rr ?? 0);
                    if (a.Check() is { } bad) return bad with { Field = at + "." + bad.Field };
                    list.Add(new Scenario(name, kind.Value, p.Value, date, eq.Value, v, t, rr ?? 0));
                    continue;
                }

                if (date is null) return new Refusal(at + ".date", "(missing)", "is required (YYYY-MM-DD) for an exit scenario");
                if (date < valuation) return new Refusal(at + ".date", date.Value.ToString("yyyy-MM-dd", C), $"is before the valuation date {valuation.Value.ToString("yyyy-MM-dd", C)}");
                if (Waterfall.CheckExit(eq.Value, at + ".equity") is { } badExit) return badExit;
                list.Add(new Scenario(name, kind.Value, p.Value, date, eq.Value));
            }

            var total = list.Sum(s => s.Probability);
            if (total != 1m) return new Refusal(source + ": scenarios", "probabilities add up to " + total.ToString(C), "must add up to exactly 1");
            return new ScenarioSet(valuation.Value, rate.Value, list);
        }
    }

    private static Refusal? Number(JsonElement e, string name, string at, out decimal? value)
    {
        value = null;
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)) value = d;
        else if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Number, C, out var s)) value = s;
        else return new Refusal($"{at}.{name}", v.ToString(), "must be a number");
        return null;
    }

    private static Refusal? Date(JsonElement e, string name, string at, out DateOnly? value)
    {
        value = null;
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", C, DateTimeStyles.None, out var d)) value = d;
        else return new Refusal($"{at}.{name}", v.ToString(), "must be a date YYYY-MM-DD");
        return null;
    }

    /// <summary>
    /// Values every scenario. <paramref name="ipoClause"/> is the charter's automatic conversion on a public offering
    /// (null when the charter has none: an IPO scenario is then refused, since nothing says the preferred converts).
    /// </summary>
    public static Result<PwermResult> Value(OpmTable table, ScenarioSet set, string? ipoClause)
    {
        if (table.CheckAllocatable(set.Scenarios.Max(s => s.Equity)) is { } none) return none;
        var m = table.Curve.Model;
        var k = table.ClassCount;
        var values = new List<ScenarioValue>();
        var weighted = new double[k];
        foreach (var s in set.Scenarios)
        {
            var payout = new double[k];
            var pv = new double[k];
            double years = 0, df = 1;
            string clause;
            if (s.Kind == ScenarioKind.Opm)
            {
                var opm = Opm.Value(table, new OpmAssumptions(s.Equity, s.Volatility!.Value, s.Term!.Value, s.Rate ?? 0));
                if (!opm.IsOk) return opm.Refusal!;
                for (var c = 0; c < k; c++) payout[c] = pv[c] = opm.Value.CurveClassValue[c];
                clause = "OPM on the breakpoints";
            }
            else
            {
                years = (s.Date!.Value.DayNumber - set.ValuationDate.DayNumber) / 365.0;
                df = Math.Pow(1.0 + (double)set.DiscountRate, -years);
                Allocation a;
                if (s.Kind == ScenarioKind.Ipo)
                {
                    if (ipoClause is null) return new Refusal("scenario " + s.Name, "ipo", "the charter has no automatic conversion on a public offering; value the offering as a sale instead");
                    a = Waterfall.Allocate(m, s.Equity, Enumerable.Repeat(true, m.Series.Count).ToArray());
                    clause = ipoClause;
                }
                else
                {
                    a = Waterfall.Equilibrium(m, s.Equity);
                    clause = $"{Waterfall.PreferenceClause} to {Waterfall.ResidualClause}, {Waterfall.ConversionClause}";
                }

                payout[0] = (double)a.CommonPay;
                for (var i = 0; i < m.Series.Count; i++) payout[1 + i] = (double)a.SeriesPay[i];
                if (m.Options.Count > 0) payout[k - 1] = (double)a.OptionsTotal;
                for (var c = 0; c < k; c++) pv[c] = payout[c] * df;
            }

            for (var c = 0; c < k; c++) weighted[c] += (double)s.Probability * pv[c];
            values.Add(new ScenarioValue(s, years, df, payout, pv, clause));
        }

        return new PwermResult(set, table.ClassIds, table.ClassShares, values, weighted);
    }
}
