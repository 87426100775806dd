using System.Globalization;
using Charta.Core;
using Charta.Core.Covenants;
using Charta.Core.Liquidation;
using Charta.Core.Model;
using Charta.Core.Money;
using Charta.Core.Valuation;
using Charta.Core.Voting;
using Charta.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Charta.Server;

/// <summary>`votes` and `approvals`: reads of the charter's voting and consent rules on the ledger.</summary>
public static class GovernanceApis
{
    public static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/votes", Results<Ok<object>, ProblemHttpResult> (string? recordDate, LedgerService ledger, HttpContext http, TimeProvider clock) =>
        {
            var user = Access.UserOf(http.User);
            var date = Input.OptionalDate("recordDate", recordDate);
            if (!date.IsOk) return Problems.BadInput(date.Refusal!);
            var t = ledger.Current().CapTable(date.Value ?? Today(clock));
            return t.IsOk ? TypedResults.Ok(GovernanceViews.Votes(Votes.Count(t.Value), user.CanSeeHolder)) : Problems.Refused(t.Refusal!);
        }).WithName("GetVotes").WithSummary("`votes --json` at a record date (default today); a stockholder sees its own row and the totals.");

        g.MapGet("/approvals", Results<Ok<object>, ProblemHttpResult> (string? action, string? retainedEquity, string? asOf, [FromQuery] string[]? consent,
            LedgerService ledger, HttpContext http, TimeProvider clock) =>
        {
            var user = Access.UserOf(http.User);
            if (string.IsNullOrWhiteSpace(action))
                return Problems.BadInput(new Refusal("action", "(missing)", $"is required: one of {string.Join(", ", Approvals.Actions)}"));
            var consents = consent ?? [];
            // Counting a named holder's consent reveals its position: a stockholder asks what is required, not who holds what.
            if (consents.Length > 0 && user.Role == Role.Stockholder) return Problems.Forbidden("a stockholder cannot count other holders' consents");
            var retained = Retained("retainedEquity", retainedEquity);
            if (!retained.IsOk) return Problems.BadInput(retained.Refusal!);
            var date = Input.OptionalDate("asOf", asOf);
            if (!date.IsOk) return Problems.BadInput(date.Refusal!);
            var result = ledger.Current().CapTable(date.Value ?? Today(clock)).Bind(t =>
            {
                var v = Votes.Count(t);
                return Approvals.Required(t.Charter, v, new ProposedAction(action.Trim(), retained.Value)).Bind(required => consents.Length == 0
                        ? Result.Ok<IReadOnlyList<ApprovalOutcome>>([.. required.Select(r => new ApprovalOutcome(r, null, r.Applies ? null : true, null))])
                        : Approvals.Evaluate(required, v, [.. consents.Select(c => new Consent(c))]))
                    .Map(o => GovernanceViews.Approvals(action.Trim(), t.AsOf, o));
            });
            return result.IsOk ? TypedResults.Ok(result.Value) : Problems.Refused(result.Refusal!);
        }).WithName("GetApprovals").WithSummary("`approvals --json`: every approval the charter requires for an action, with its clause; with consent=HOLDER (repeatable), whether they meet it.");
    }

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The CLI's --retained-equity reading: a fraction n/d, a percentage or a decimal between 0 and 1.</summary>
    internal static Result<Fraction?> Retained(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (Fraction?)null;
        var t = text.Trim();
        if (Fraction.TryParse(t, out var f)) return f;
        var percent = t.EndsWith('%');
        if (percent) t = t[..^1];
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            return new Refusal(field, text, "must be a fraction n/d, a percentage such as 60% or a decimal such as 0.6");
        if (percent) d /= 100m;
        if (d < 0 || d > 1) return new Refusal(field, text, "must be between 0 and 1 (0% and 100%)");
        var den = 1L;
        for (var i = 0; i < d.Scale; i++) den *= 10;
        return new Fraction((long)(d * den), den);
    }
}

/// <summary>The write fields of `model round --commit` (given as query parameters: the body is the scenario).</summary>
public sealed record CommitRequest(bool DryRun, long? ExpectedSequence) : IWriteRequest;

/// <summary>`value opm` (with the backsolve and the Monte Carlo) and `model round` (with --commit): estimates and pro formas on the ledger; only a commit writes.</summary>
public static class AnalysisApis
{
    public const long MaxScenarioBytes = 1_000_000;

    /// <summary>The most Monte Carlo paths one request may ask for (the CLI has no limit; a server shares its cores).</summary>
    public const long MaxMonteCarloPaths = 200_000;

    /// <summary>Worker threads of a request's Monte Carlo (the CLI's default is 2).</summary>
    public const int MonteCarloThreads = 1;

    public static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/valuation/opm", Results<Ok<object>, ProblemHttpResult> (string? equity, string? volatility, string? term, string? rate, string? backsolve, string? asOf,
            long? monteCarlo, int? seed, LedgerService ledger) =>
        {
            // `--monte-carlo N --seed S`: bounded here, refused above the limit rather than queued.
            if (monteCarlo is { } paths)
            {
                var n = paths.ToString(CultureInfo.InvariantCulture);
                if (paths < 2) return Problems.BadInput(new Refusal("monteCarlo", n, "must be at least 2 paths"));
                if (paths > MaxMonteCarloPaths)
                    return Problems.BadInput(new Refusal("monteCarlo", n,
                        $"a request simulates at most {MaxMonteCarloPaths.ToString("N0", CultureInfo.InvariantCulture)} paths (the server's limit); ask for fewer, or run `charta value opm --monte-carlo {n}`"));
            }

            var inputs =
                from vol in Share("volatility", volatility, allowNegative: false)
                from years in Years("term", term)
                from r in Share("rate", rate, allowNegative: true)
                from date in Input.OptionalDate("asOf", asOf)
                select (vol, years, r, date);
            if (!inputs.IsOk) return Problems.BadInput(inputs.Refusal!);
            var (v, y, rf, d) = inputs.Value;
            if (backsolve is null == equity is null)
                return Problems.BadInput(equity is null
                    ? new Refusal("equity", "(missing)", "give the total equity value, or backsolve=SERIES=PRICE to solve for it")
                    : new Refusal("equity", equity, "give either equity or backsolve, not both (the backsolve finds the equity)"));
            Result<(string Class, decimal Price)>? solve = null;
            if (backsolve is not null)
            {
                var eq = backsolve.IndexOf('=');
                solve = eq <= 0
                    ? new Refusal("backsolve", backsolve, "must be SERIES=PRICE, e.g. D=11.03")
                    : Input.Money("backsolve price", backsolve[(eq + 1)..]).Map(p => (backsolve[..eq].Trim(), p));
                if (!solve.Value.IsOk) return Problems.BadInput(solve.Value.Refusal!);
            }

            Result<decimal>? amount = equity is null ? (Result<decimal>?)null : Input.Money("equity", equity);
            if (amount is { IsOk: false } bad) return Problems.BadInput(bad.Refusal!);
            var s = ledger.Current();
            var result = s.CapTable(d).Bind(t =>
            {
                var table = s.Memo($"opm-table:{d}", () => OpmTable.Build(PayoutCurve.Build(LiquidationModel.From(t))));
                Result<MonteCarloResult?> Mc(OpmResult opm) => monteCarlo is { } paths
                    ? MonteCarlo.Run(table, opm.Inputs, paths, seed ?? 1, MonteCarloThreads).Map(x => (MonteCarloResult?)x)
                    : Result.Ok((MonteCarloResult?)null);
                return solve is { } b
                    ? Opm.Backsolve(table, b.Value.Class, b.Value.Price, new OpmAssumptions(0m, v, y, rf)).Bind(x => Mc(x.Opm).Map(mc => ValuationViews.Opm(t.Charter.Company, d, x.Opm, x, mc)))
                    : Opm.Value(table, new OpmAssumptions(amount!.Value.Value, v, y, rf)).Bind(x => Mc(x).Map(mc => ValuationViews.Opm(t.Charter.Company, d, x, null, mc)));
            });
            return result.IsOk ? TypedResults.Ok(result.Value) : Problems.Refused(result.Refusal!);
        }).WithName("GetOpm").WithSummary("`value opm --json` (class-level, no holders): the option-pricing method on the breakpoints, or the backsolve to a round price.");

        g.MapPost("/model/round", async Task<Results<Ok<object>, ProblemHttpResult>> (HttpRequest request, [FromQuery] string[]? exit, string? exitDate, string? asOf,
            LedgerService ledger, HttpContext http) =>
        {
            // The round's ownership and returns name every holder: a stockholder does not model rounds.
            if (Access.UserOf(http.User).Role == Role.Stockholder) return Problems.Forbidden("a round model names every holder; a stockholder reads its own holding");
            var scenario = await ReadScenario(request, http);
            if (!scenario.IsOk) return Problems.BadInput(scenario.Refusal!);
            var exits = new List<decimal>();
            foreach (var x in exit ?? [])
            {
                var m = Input.Money("exit", x);
                if (!m.IsOk) return Problems.BadInput(m.Refusal!);
                exits.Add(m.Value);
            }

            var dates = from e in Input.OptionalDate("exitDate", exitDate) from a in Input.OptionalDate("asOf", asOf) select (e, a);
            if (!dates.IsOk) return Problems.BadInput(dates.Refusal!);
            var result = ModelBaseOf(ledger.Current(), dates.Value.a)
                .Bind(p => RoundModel.Solve(p, scenario.Value, new ModelOutputs(exits, dates.Value.e)))
                .Map(ModelViews.Round);
            return result.IsOk ? TypedResults.Ok(result.Value) : Problems.Refused(result.Refusal!);
        }).Accepts<object>("application/json").WithName("ModelRound")
            .WithSummary("`model round --json` on a scenario (the body, in the format of `charta model schema`); nothing is recorded.");

        g.MapPost("/model/round/commit", async Task<Results<Created<object>, Ok<object>, ProblemHttpResult>> (HttpRequest request, string? approval, string? asOf,
            bool? dryRun, long? expectedSequence, LedgerService ledger, UserStore users, HttpContext http) =>
        {
            var scenario = await ReadScenario(request, http);
            if (!scenario.IsOk) return Problems.BadInput(scenario.Refusal!);
            var date = Input.OptionalDate("asOf", asOf);
            if (!date.IsOk) return Problems.BadInput(date.Refusal!);
            // `model round --commit`: the round solved on the state the write appends to, its events (the amendment
            // first) refused while a required consent is not met (RoundCommit.Events), recorded by admin or counsel.
            RoundResult? round = null;
            var write = new CommitRequest(dryRun ?? false, expectedSequence);
            return Apis.WriteCommand(write, ledger, users, http,
                s => ModelBaseOf(s, date.Value)
                    .Bind(p => RoundModel.Solve(p, scenario.Value, new ModelOutputs([], null)))
                    .Bind(res =>
                    {
                        round = res;
                        return RoundCommit.Events(res, approval);
                    }),
                outcome => Result.Ok<object>(new
                {
                    committed = !write.DryRun,
                    events = outcome.Events.Select(e => new { type = Charta.Core.Ledger.EventCatalog.NameOf(e.Event).Name, summary = ModelViews.Describe(e.Event) }),
                    round = ModelViews.Round(round!),
                }));
        }).Accepts<object>("application/json").RequireAuthorization(Auth.WritePolicy).WithName("ModelRoundCommit")
            .WithSummary("`model round --commit --json`: record the round (the amendment and its events); dryRun shows the events; refused while a required consent is not met.");
    }

    /// <summary>The round's scenario from the request body (the format of `charta model schema`), bounded in size.</summary>
    private static async Task<Result<RoundScenario>> ReadScenario(HttpRequest request, HttpContext http)
    {
        if (request.ContentLength > MaxScenarioBytes)
            return new Refusal("body", $"{request.ContentLength} bytes", $"a scenario is at most {MaxScenarioBytes} bytes");
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        return ScenarioLoader.Load(text, "body");
    }

    /// <summary>
    /// The round's base: without a base date, the server's cached latest state with its head and last dated event (no
    /// replay, as the CLI starts from the ledger's snapshot); with one, the fold of the events up to it.
    /// </summary>
    private static Result<ModelBase> ModelBaseOf(LedgerService.Snapshot s, DateOnly? asOf) =>
        asOf is null && s.Latest.IsOk
            ? RoundModel.Prepare(s.Latest.Value, null, s.LastSequence + 1, s.LastDated == DateOnly.MinValue ? null : s.LastDated)
            : RoundModel.Prepare(s.Events, asOf);

    /// <summary>"0.55" or "55%" (the CLI's reading of volatility and rate).</summary>
    private static Result<decimal> Share(string field, string? text, bool allowNegative)
    {
        if (string.IsNullOrWhiteSpace(text)) return new Refusal(field, "(missing)", "is required: a number such as 0.55 or 55%");
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (percent) t = t[..^1];
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
            return new Refusal(field, text, "must be a number such as 0.55 or 55%");
        if (d < 0 && !allowNegative) return new Refusal(field, text, "must not be negative");
        return percent ? d / 100m : d;
    }

    private static Result<decimal> Years(string field, string? text) =>
        decimal.TryParse(text?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d > 0
            ? d
            : new Refusal(field, text ?? "(missing)", "must be a positive number of years, e.g. 2.5");
}
