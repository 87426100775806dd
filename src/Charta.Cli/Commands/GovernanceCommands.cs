using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Charta.Cli.Output;
using Charta.Core;
using Charta.Core.Covenants;
using Charta.Core.Dividends;
using Charta.Core.Ledger;
using Charta.Core.Money;
using Charta.Core.Voting;
using Charta.Views;

namespace Charta.Cli.Commands;

/// <summary>
/// Dividends (FOURTH §3), votes and tallies (§7), consents (§8, §6(a)(ii)(b), §4(d)) and director elections (SEVENTH):
/// `charta dividend declare|pay`, `votes`, `tally`, `approvals`, `election` and `election threshold`.
/// </summary>
public static class GovernanceCommands
{
    public static IEnumerable<Command> All(CliContext ctx) => [Dividend(ctx), Votes(ctx), Tally(ctx), Approvals(ctx), Election(ctx)];

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON." };

    // ---- dividends ----------------------------------------------------------------------------------------------

    public static Command Dividend(CliContext ctx)
    {
        var cmd = new Command("dividend", "Declare or pay a dividend (the charter's dividend clause).");
        cmd.Subcommands.Add(Declare(ctx));
        cmd.Subcommands.Add(Pay(ctx));
        cmd.Subcommands.Add(PayInKind(ctx));
        cmd.Subcommands.Add(Accrued(ctx));
        return cmd;
    }

    /// <summary>`charta dividend accrued --as-of D`: each cumulative series' accrued and unpaid dividends on D, to the cent.</summary>
    private static Command Accrued(CliContext ctx)
    {
        var asOf = Parse.Optional("--as-of", "The date YYYY-MM-DD to accrue to (default: today).");
        var json = JsonOption();
        var cmd = new Command("accrued", "Accrued and unpaid cumulative dividends of each cumulative series on a date (they add to its liquidation preference).") { asOf, json };
        cmd.SetAction(p =>
        {
            var on = Parse.OptionalDate(p, asOf) ?? ctx.Today;
            var table = ctx.Read(p, on);
            var rows = table.Charter.Series.Select(s => table.Accrued(s.Id, on)).OfType<SeriesAccrual>().ToList();
            if (p.GetValue(json))
                return ctx.WriteJson(new
                {
                    asOf = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    rounding = $"each series' total to the cent, midpoint {CumulativeDividends.Midpoint}",
                    series = rows.Select(r => new { series = r.Series, shares = r.Shares, accrued = r.Accrued, credited = r.Credited, accruedUnpaid = r.AccruedUnpaid, basis = r.Basis, compounding = r.Compounding, clause = r.Clause }),
                });
            if (rows.Count == 0)
            {
                ctx.Out.WriteLine($"{table.Charter.Company}: no series has cumulative dividends.");
                return Cli.Ok;
            }

            ctx.Out.WriteLine($"{table.Charter.Company}: accrued and unpaid cumulative dividends as of {Format.Date(on)} (each series to the cent, half a cent away from zero)");
            var t = new TextTable("Series", "Shares", "Accrual", "Accrued", "Declared toward it", "Accrued and unpaid", "Clause").RightAlign(1, 3, 4, 5);
            foreach (var r in rows)
                t.Row(r.Series, r.Shares.ToString("N0", CultureInfo.InvariantCulture), $"{r.Basis}, {(r.Compounding == "simple" ? "simple" : "compounding annually")}",
                    Format.Money(r.Accrued), Format.Money(r.Credited), Format.Money(r.AccruedUnpaid), r.Clause);
            t.WriteTo(ctx.Out);
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command Declare(CliContext ctx)
    {
        var amount = Parse.Required("--amount", "Cash: the aggregate amount in dollars. Common-stock: new common shares per --per shares held.");
        var recordDate = Parse.Required("--record-date", "The record date YYYY-MM-DD: holders of record and shares outstanding are taken as of it.");
        var payDate = Parse.Optional("--pay-date", "The payment date YYYY-MM-DD.");
        var declaredOn = Parse.Optional("--declared-on", "The date the Board declared it (default: the record date).");
        var kind = new Option<string>("--kind") { Description = "cash (default) or common-stock (outside the §3 preference; a §6(e)(i) subdivision when paid).", DefaultValueFactory = _ => DividendRules.CashKind };
        kind.AcceptOnlyFromAmong(DividendRules.CashKind, DividendRules.CommonStockKind);
        var per = Parse.Optional("--per", "For a dividend in common: the number of shares held that earn --amount new shares (default 1).");
        var id = Parse.Optional("--id", "An id for the dividend (default: DIV-<n>).");
        var allowSecond = new Option<bool>("--allow-second") { Description = "Declare a second cash dividend with a record date in a year that already has one (the rates are per annum, payable annually)." };
        var reading = Parse.Optional("--reading", "A second cash dividend in the year: unpaid-part (default: only what the year's earlier dividends left unpaid of the rates is preferred) or each-declaration (the full rates again).");
        var json = JsonOption();
        var cmd = new Command("declare", "Declare a dividend: the preference, the same percentage of every rate if short, the excess as converted.")
            { amount, recordDate, payDate, declaredOn, kind, per, id, allowSecond, reading, json };
        cmd.Records();
        var dryRun = CliLedgerExtensions.DryRunName;
        cmd.SetAction(p =>
        {
            var record = Parse.Date(p, recordDate);
            var k = p.GetValue(kind)!;
            var isStock = k == DividendRules.CommonStockKind;
            var amt = isStock ? Parse.Shares(amount.Name, p.GetValue(amount)!) : Parse.Money(p, amount);
            var perShares = isStock ? (p.GetValue(per) is { } t ? Parse.Shares(per.Name, t) : 1L) : 0L;
            var read = p.GetValue(reading);
            if (read is not (null or DividendRules.UnpaidPartReading or DividendRules.EachDeclarationReading))
                throw Parse.Refuse("--reading", read, $"must be {DividendRules.UnpaidPartReading} or {DividendRules.EachDeclarationReading}");
            if (read is not null && !p.GetValue(allowSecond)) throw Parse.Refuse("--reading", read, "applies to a second dividend in the year: give --allow-second too");
            var atRecord = ctx.Read(p, record);
            // Without --id, the next free DIV-<n> is picked inside the write transaction; the payees' cents are decided
            // and stored in the event (FOURTH §3 allocation, to the cent).
            var decision = ctx.Record(p, table =>
            {
                var chosen = p.GetValue(id) ?? table.NextFreeDividendId();
                return [new DividendDeclared(record, chosen, k, amt, Parse.OptionalDate(p, payDate), Parse.OptionalDate(p, declaredOn), perShares,
                    AllowSecond: p.GetValue(allowSecond), Reading: read)];
            }, quiet: p.GetValue(json));
            var e = (DividendDeclared)decision.Recorded[0].Event;
            var dividendId = e.DividendId;
            var divClause = atRecord.Charter.Dividends?.Clause ?? atRecord.Charter.Series.Select(x => x.Dividend.Clause).FirstOrDefault() ?? "(the charter cites no dividend clause)";
            var splitClause = atRecord.Charter.Conversion?.SplitAdjustment?.Clause ?? "(the charter cites no split-adjustment clause)";
            object view;
            DividendPlan? cashPlan = null;
            if (isStock)
            {
                var (n, d) = CliContext.Require(DividendRules.StockDividendAsSubdivision(amt, perShares, atRecord.Charter.Conversion?.SplitAdjustment?.Clause));
                view = GovernanceViews.StockDividend(dividendId, p.GetValue<bool>(dryRun), record, e.PayDate, amt, perShares, n, d, $"{divClause}, {splitClause}");
            }
            else
            {
                cashPlan = CliContext.Require(DividendAllocation.Allocate(atRecord, amt, record, read, dividendId));
                view = DividendView(dividendId, p.GetValue<bool>(dryRun), e.PayDate, cashPlan);
            }

            if (p.GetValue(json)) return ctx.WriteJson(view);

            if (isStock)
            {
                ctx.Out.WriteLine($"{(p.GetValue<bool>(dryRun) ? "Would declare" : "Declared")} {dividendId}: {Format.Shares((long)amt)} new common for every {Format.Shares(perShares)} common held, record date {Format.Date(record)} ({divClause}: outside the preference).");
                ctx.Out.WriteLine($"When paid it is a subdivision of the common; every conversion price falls in proportion ({splitClause}).");
                return Cli.Ok;
            }

            var plan2 = cashPlan!;
            ctx.Out.WriteLine($"{(p.GetValue<bool>(dryRun) ? "Would declare" : "Declared")} {dividendId}: {Format.Money(amt)} cash, record date {Format.Date(record)}"
                              + (e.PayDate is { } pd ? $", payable {Format.Date(pd)}" : "") + ".");
            ctx.Out.WriteLine($"Full preferential amount {Format.Money(plan2.FullPreferentialAmount)} ({plan2.Clause}).");
            var t1 = new TextTable("Series", "Rate", "% of rate", "Per share", "Shares", "Total").RightAlign(1, 2, 3, 4, 5);
            foreach (var l in plan2.Preferential)
                t1.Row(l.Series, Format.Money(l.Rate), Format.Ratio(l.PercentOfRate) + "%", Format.Money(decimal.Round(l.PerShare, 6, MidpointRounding.AwayFromZero)), Format.Shares(l.SharesOutstanding), Format.Money(l.Total));
            t1.WriteTo(ctx.Out);
            // The charter's order of payment, where it states one: the dividend ranks, and the arrears paid before the year's rate.
            if (plan2.Preferential.FirstOrDefault(l => l.RankClause is not null) is { } ranked)
                ctx.Out.WriteLine($"Dividend ranks ({ranked.RankClause}): " + string.Join("; then ",
                    plan2.Preferential.GroupBy(l => l.Rank).OrderBy(g => g.Key).Select(g => string.Join(", ", g.Select(l => l.Series)))) + "; pro rata within a rank.");
            foreach (var l in plan2.Preferential.Where(l => l.Arrears > 0))
                ctx.Out.WriteLine($"Series {l.Series}: arrears {Format.Money(l.Arrears)} (accrued and unpaid to {Format.Date(Charta.Core.Dividends.CumulativeDividends.ArrearsDate(record))}), {Format.Money(decimal.Round(l.ArrearsPaid, 2, MidpointRounding.AwayFromZero))} of them paid before the year's rate ({l.ArrearsClause}).");
            ctx.Out.WriteLine($"Excess {Format.Money(plan2.Excess.Total)} shared by common and preferred as converted"
                              + (plan2.Excess.Total > 0 ? $": {Format.Ratio(plan2.Excess.PerAsConvertedShare)} per as-converted share." : "."));
            var t2 = new TextTable("Holder", "Preferential", "Excess", "Total").RightAlign(1, 2, 3);
            foreach (var h in plan2.Holders) t2.Row(h.Name, Format.Money(h.Preferential), Format.Money(h.Excess), Format.Money(h.Total));
            t2.Row("Total", Format.Money(plan2.Holders.Sum(h => h.Preferential)), Format.Money(plan2.Holders.Sum(h => h.Excess)), Format.Money(plan2.Holders.Sum(h => h.Total)));
            t2.WriteTo(ctx.Out);
            ctx.Out.WriteLine($"Cents: {plan2.RemainderRule}.");
            return Cli.Ok;
        });
        return cmd;
    }

    private static object DividendView(string id, bool dryRun, DateOnly? payDate, DividendPlan plan) => GovernanceViews.CashDividend(id, dryRun, payDate, plan);

    private static Command Pay(CliContext ctx)
    {
        var id = Parse.Required("--id", "The dividend id (see 'charta log').");
        var date = Parse.Optional("--date", "The payment date YYYY-MM-DD (default: the declared pay date, else today).");
        var cmd = new Command("pay", "Record the payment of a declared dividend; it stops counting toward the liquidation preference.") { id, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var dividendId = Parse.Text(p, id);
            var declared = ctx.Events(p).Select(r => r.Event).OfType<DividendDeclared>().FirstOrDefault(d => d.DividendId == dividendId);
            var when = Parse.OptionalDate(p, date) ?? declared?.PayDate ?? ctx.Today;
            var table = ctx.Record(p, new DividendPaid(when, dividendId)).State;
            ctx.Out.WriteLine($"Paid {dividendId} on {Format.Date(when)}.");
            if (declared?.Kind == DividendRules.CommonStockKind)
            {
                ctx.Out.WriteLine($"Conversion prices now ({table.Charter.Conversion?.SplitAdjustment?.Clause ?? "split adjustment"}):");
                ctx.WriteConversionPrices(table);
            }

            return Cli.Ok;
        });
        return cmd;
    }

    private static Command PayInKind(CliContext ctx)
    {
        var series = Parse.Required("--series", "The cumulative series whose dividends the charter pays in kind.");
        var date = Parse.Required("--date", "The payment date YYYY-MM-DD: the dividends accrued and unpaid to that day are paid.");
        var json = JsonOption();
        var cmd = new Command("pay-in-kind", "Pay a cumulative series' accrued and unpaid dividends in additional shares of the series at its Original Issue Price, as the charter provides.")
            { series, date, json };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new DividendPaidInKind(Parse.Date(p, date), Parse.Text(p, series));
            var decision = ctx.Record(p, _ => [e], quiet: p.GetValue(json));
            var stored = decision.Recorded.Select(r => r.Event).OfType<DividendPaidInKind>().LastOrDefault() ?? e;
            var s = decision.State.Charter.FindSeries(e.Series)!;
            var pik = s.Dividend.InKind!;
            var issued = stored.Issued ?? [];
            if (p.GetValue(json))
                return ctx.WriteJson(new
                {
                    series = e.Series, date = e.Date, dryRun = p.IsDryRun(), originalIssuePrice = s.OriginalIssuePrice.Value, fractions = pik.Fractions, clause = pik.Clause,
                    issued = issued.Select(i => new { holder = i.Holder, shares = i.Shares, cash = i.Cash }),
                });
            ctx.Out.WriteLine($"{(p.IsDryRun() ? "Would pay" : "Paid")} Series {e.Series} dividends in kind on {Format.Date(e.Date)}: {Format.Shares(issued.Sum(i => i.Shares))} new shares at the Original Issue Price {Format.Money(s.OriginalIssuePrice.Value)} ({pik.Clause}).");
            var t = new TextTable("Holder", "Shares", "Cash for the fraction").RightAlign(1, 2);
            foreach (var i in issued) t.Row(i.Holder, Format.Shares(i.Shares), Format.Money(i.Cash));
            t.Row("Total", Format.Shares(issued.Sum(i => i.Shares)), Format.Money(issued.Sum(i => i.Cash)));
            t.WriteTo(ctx.Out);
            ctx.Out.WriteLine(pik.Fractions == Charta.Core.Charter.DividendInKind.PayCash
                ? "Each holder's accrued and unpaid dividends (its own shares, to the cent) in whole shares, rounded down; the fraction in cash to the cent. Nothing stays accrued to that day."
                : "Each holder's accrued and unpaid dividends (its own shares, to the cent) in whole shares, rounded down; the fraction stays accrued and unpaid.");
            return Cli.Ok;
        });
        return cmd;
    }

    // ---- votes and tallies --------------------------------------------------------------------------------------

    private static Option<string?> RecordDateOption() =>
        Parse.Optional("--record-date", "The record date YYYY-MM-DD (default: today, the date of the vote or of the consent solicitation).");

    private static VoteCount CountVotes(CliContext ctx, ParseResult p, Option<string?> recordDate) =>
        Core.Voting.Votes.Count(ctx.Read(p, Parse.OptionalDate(p, recordDate) ?? ctx.Today));

    public static Command Votes(CliContext ctx)
    {
        var recordDate = RecordDateOption();
        var json = JsonOption();
        var cmd = new Command("votes", "Votes per holder at a record date, as the charter's voting clause counts them (e.g. one per common share, preferred as converted).") { recordDate, json };
        cmd.SetAction(p =>
        {
            var v = CountVotes(ctx, p, recordDate);
            if (p.GetValue(json))
                return ctx.WriteJson(GovernanceViews.Votes(v));
            ctx.Out.WriteLine($"Votes at {Format.Date(v.RecordDate)} ({v.Clause}): preferred aggregated per holder, then rounded to the nearest whole vote (midpoint {v.Midpoint}).");
            // Several classes of common: each class's votes per share and the votes its shares carry (the Common column adds them up).
            if (v.CommonClasses.Count > 1)
                foreach (var k in v.CommonClasses)
                    ctx.Out.WriteLine($"  {k.Name} ({k.Class}): {Format.Shares(k.VotesPerShare)} vote{(k.VotesPerShare == 1 ? "" : "s")} a share{(k.Clause is null ? "" : $" ({k.Clause})")}; {Format.Shares(k.Shares)} shares, {Format.Shares(k.Votes)} votes.");
            var t = new TextTable("Holder", "Common", "Preferred shares", "As converted", "Preferred votes", "Total").RightAlign(1, 2, 3, 4, 5);
            foreach (var h in v.Holders)
                t.Row(h.Name, Format.Shares(h.CommonVotes), Format.Shares(h.PreferredShares), Format.Ratio(h.PreferredAsConverted), Format.Shares(h.PreferredVotes), Format.Shares(h.Total));
            t.Row("Total", Format.Shares(v.CommonVotes), Format.Shares(v.PreferredShares), "", Format.Shares(v.PreferredVotes), Format.Shares(v.TotalVotes));
            t.WriteTo(ctx.Out);
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Tally(CliContext ctx)
    {
        var recordDate = RecordDateOption();
        var ballots = Parse.Required("--ballots", "CSV (holder,vote) or JSON ([{\"holder\":…,\"vote\":…}] or {\"holder\":\"for\"}); vote is for, against or abstain.");
        var matter = new Option<string>("--matter") { Description = $"The matter, which fixes the threshold: {string.Join(", ", Core.Covenants.Approvals.Actions)} (default general).", DefaultValueFactory = _ => Core.Covenants.Approvals.General };
        var retained = Parse.Optional("--retained-equity", "For a merger (§8(a)(ii)): the survivor's equity kept by the stockholders, e.g. 3/5 or 60%.");
        var json = JsonOption();
        var cmd = new Command("tally", "Count ballots on one matter and apply the threshold the charter sets for it.") { recordDate, ballots, matter, retained, json };
        cmd.SetAction(p =>
        {
            var rows = BallotFile.Read(ballots.Name, Parse.Text(p, ballots), ["holder", "vote"]);
            var list = rows.Select(r => new Ballot(r.Get("holder"), r.Get("vote").ToLowerInvariant())).ToList();
            var v = CountVotes(ctx, p, recordDate);
            var table = ctx.Read(p, v.RecordDate);
            var result = CliContext.Require(Core.Voting.Tally.Run(table.Charter, v, new ProposedAction(p.GetValue(matter)!, RetainedEquity(p, retained)), list));
            if (p.GetValue(json))
                return ctx.WriteJson(new
                {
                    matter = result.Matter, recordDate = result.RecordDate, carried = result.Carried,
                    counts = result.Counts.Select(c => new { @base = c.Base, whole = c.Whole, @for = c.For, against = c.Against, abstain = c.Abstain, notVoting = c.NotVoting }),
                    approvals = result.Approvals.Select(OutcomeView),
                });
            ctx.Out.WriteLine($"Matter {result.Matter}, record date {Format.Date(result.RecordDate)}.");
            var t = new TextTable("Base", "Outstanding", "For", "Against", "Abstain", "Not voting").RightAlign(1, 2, 3, 4, 5);
            foreach (var c in result.Counts) t.Row(c.Base, Format.Shares(c.Whole), Format.Shares(c.For), Format.Shares(c.Against), Format.Shares(c.Abstain), Format.Shares(c.NotVoting));
            t.WriteTo(ctx.Out);
            WriteOutcomes(ctx, result.Approvals);
            ctx.Out.WriteLine(result.Carried ? "Carried." : "Not carried.");
            return Cli.Ok;
        });
        return cmd;
    }

    // ---- consents -----------------------------------------------------------------------------------------------

    public static Command Approvals(CliContext ctx)
    {
        var action = new Option<string>("--action") { Description = $"The proposed action: {string.Join(", ", Core.Covenants.Approvals.Actions)}.", Required = true };
        var retained = Parse.Optional("--retained-equity", "For a merger (§8(a)(ii)): the survivor's outstanding equity (as converted) kept by the stockholders, e.g. 3/5 or 60%.");
        var asOf = Parse.Optional("--as-of", "Measure the bases at this date (default: today).");
        var consents = Parse.Optional("--consents", "CSV (holder[,shares][,votes]) or JSON [{\"holder\":…,\"shares\":…,\"votes\":…}]: who consents; blank = all their shares.");
        var reading = Parse.Optional("--reading", "For repurchase-preferred on a charter with no repurchase covenant: consent (default) or approval-only.");
        var json = JsonOption();
        var cmd = new Command("approvals", "Every approval the charter requires for a proposed action, and whether consents meet it.") { action, retained, asOf, consents, reading, json };
        cmd.SetAction(p =>
        {
            var table = ctx.Read(p, Parse.OptionalDate(p, asOf) ?? ctx.Today);
            var v = Core.Voting.Votes.Count(table);
            var required = CliContext.Require(Core.Covenants.Approvals.Required(table.Charter, v, new ProposedAction(p.GetValue(action)!, RetainedEquity(p, retained), p.GetValue(reading))));
            IReadOnlyList<ApprovalOutcome> outcomes;
            if (p.GetValue(consents) is { } file)
            {
                var rows = BallotFile.Read(consents.Name, file, ["holder", "shares", "votes"]);
                var list = rows.Select(r => new Consent(r.Get("holder"), r.Long(consents.Name, "shares"), r.Long(consents.Name, "votes"))).ToList();
                outcomes = CliContext.Require(Core.Covenants.Approvals.Evaluate(required, v, list));
            }
            else
            {
                outcomes = required.Select(r => new ApprovalOutcome(r, null, r.Applies ? null : true, null)).ToList();
            }

            if (p.GetValue(json))
                return ctx.WriteJson(GovernanceViews.Approvals(p.GetValue(action)!, table.AsOf, outcomes));
            ctx.Out.WriteLine($"Approvals for '{p.GetValue(action)}' as of {Format.Date(table.AsOf)}:");
            WriteOutcomes(ctx, outcomes);
            return Cli.Ok;
        });
        return cmd;
    }

    private static object OutcomeView(ApprovalOutcome o) => GovernanceViews.Outcome(o);

    private static string? Percent(string? fraction) => GovernanceViews.Percent(fraction);

    private static void WriteOutcomes(CliContext ctx, IReadOnlyList<ApprovalOutcome> outcomes)
    {
        foreach (var o in outcomes)
        {
            var a = o.Approval;
            if (a.Kind != "charter")
            {
                ctx.Out.WriteLine($"  {a.Clause}: also required by law: {a.Body} — {a.Note}.");
                continue;
            }

            var unit = a.Base == ApprovalBase.PreferredShares ? "preferred shares" : a.Base == ApprovalBase.PreferredVotingPower ? "votes of the preferred" : "votes of all stockholders";
            if (!a.Applies)
            {
                ctx.Out.WriteLine($"  {a.Clause}: not required — {a.Note}.");
                continue;
            }

            ctx.Out.WriteLine($"  {a.Clause}: {a.Body}: {a.Threshold} ({Percent(a.Fraction)}) of {Format.Shares(a.Whole ?? 0)} {unit} = {Format.Shares(a.Needed ?? 0)} needed.");
            if (o.Consenting is { } c)
                ctx.Out.WriteLine($"      consenting {Format.Shares(c)}: {(o.Met == true ? "met" : "NOT met")}, {(o.Margin >= 0 ? $"{Format.Shares(o.Margin ?? 0)} over" : $"{Format.Shares(-(o.Margin ?? 0))} short")}.");
            if (a.Note is { } n) ctx.Out.WriteLine($"      {n}.");
        }
    }

    private static Fraction? RetainedEquity(ParseResult p, Option<string?> o)
    {
        if (p.GetValue(o) is not { } text) return null;
        var t = text.Trim();
        if (Fraction.TryParse(t, out var f)) return f;
        var percent = t.EndsWith('%');
        if (percent) t = t[..^1];
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            throw Parse.Refuse(o.Name, text, "must be a fraction n/d, a percentage such as 60% or a decimal such as 0.6");
        if (percent) d /= 100m;
        if (d < 0 || d > 1) throw Parse.Refuse(o.Name, text, "must be between 0 and 1 (0% and 100%)");
        var scale = d.Scale;
        var den = 1L;
        for (var i = 0; i < scale; i++) den *= 10;
        return new Fraction((long)(d * den), den);
    }

    // ---- elections ----------------------------------------------------------------------------------------------

    public static Command Election(CliContext ctx)
    {
        var seats = new Option<int>("--seats") { Description = "Number of directors to be elected.", Required = true };
        var ballots = Parse.Optional("--ballots", "CSV (holder,candidate,votes) or JSON [{\"holder\":…,\"candidate\":…,\"votes\":…}].");
        var recordDate = RecordDateOption();
        var json = JsonOption();
        var cmd = new Command("election", "Elect directors by cumulative voting, where the charter provides it.") { seats, ballots, recordDate, json };
        cmd.SetAction(p =>
        {
            if (p.GetValue(ballots) is not { } file) throw Parse.Refuse("--ballots", "(none)", "an election needs a ballots file");
            var rows = BallotFile.Read(ballots.Name, file, ["holder", "candidate", "votes"]);
            var list = rows.Select(r => new ElectionBallot(r.Get("holder"), r.Get("candidate"), r.Long(ballots.Name, "votes") ?? throw Parse.Refuse(ballots.Name, r.Get("holder"), "each ballot line needs a number of votes"))).ToList();
            var v = CountVotes(ctx, p, recordDate);
            var result = CliContext.Require(CumulativeVoting.Elect(v, p.GetValue(seats), list, CumulativeClause(ctx.Read(p, null).Charter)));
            if (p.GetValue(json))
                return ctx.WriteJson(new
                {
                    seats = result.Seats, recordDate = result.RecordDate, clause = result.Clause, tiedForSeats = result.TiedForSeats, vacant = result.Vacant,
                    candidates = result.Candidates.Select(c => new { candidate = c.Candidate, votes = c.Votes, outcome = c.Outcome }),
                });
            ctx.Out.WriteLine($"Election of {result.Seats} director(s), record date {Format.Date(result.RecordDate)} ({result.Clause}, cumulative voting):");
            var t = new TextTable("Candidate", "Votes", "Outcome").RightAlign(1);
            foreach (var c in result.Candidates) t.Row(c.Candidate, Format.Shares(c.Votes), c.Outcome);
            t.WriteTo(ctx.Out);
            if (result.TiedForSeats > 0)
                ctx.Out.WriteLine($"Tie at the cut-off: the candidates marked 'tied' compete for {result.TiedForSeats} seat(s); the charter does not break ties.");
            if (result.Vacant > 0) ctx.Out.WriteLine($"{result.Vacant} seat(s) remain vacant: fewer candidates than seats.");
            return Cli.Ok;
        });
        cmd.Subcommands.Add(Threshold(ctx));
        return cmd;
    }

    /// <summary>The charter's cumulative-voting clause; a charter without cumulative voting is refused.</summary>
    private static string CumulativeClause(Core.Charter.CharterDocument charter) =>
        CliContext.Require(CumulativeVoting.ClauseOf(charter));

    private static Command Threshold(CliContext ctx)
    {
        var seats = new Option<int>("--seats") { Description = "Number of directors to be elected (D).", Required = true };
        var want = new Option<int?>("--want") { Description = "Seats to guarantee (N): answers the least number of shares that does it." };
        var bloc = Parse.Optional("--bloc", "A bloc's shares: answers how many seats it can guarantee.");
        var shares = Parse.Optional("--shares", "Total voting shares S (default: every vote outstanding today in the ledger).");
        var json = JsonOption();
        var cmd = new Command("threshold", "Cumulative-voting calculator: shares that guarantee N of D seats, or seats a bloc guarantees.") { seats, want, bloc, shares, json };
        cmd.SetAction(p =>
        {
            var d = p.GetValue(seats);
            // With --shares the calculator runs on bare numbers; it cites the ledger's clause when there is a ledger.
            var table = p.GetValue(shares) is null || File.Exists(ctx.DbPath(p)) ? ctx.Read(p, ctx.Today) : null;
            var clause = table is null ? null : CumulativeClause(table.Charter);
            var total = p.GetValue(shares) is { } s ? Parse.Shares(shares.Name, s) : Core.Voting.Votes.Count(table!).TotalVotes;
            var cited = clause ?? CumulativeVoting.Uncited;
            if (p.GetValue(bloc) is { } b)
            {
                var x = Parse.Shares(bloc.Name, b);
                var n = CliContext.Require(CumulativeVoting.SeatsGuaranteed(total, x, d, clause));
                if (p.GetValue(json)) return ctx.WriteJson(new { seats = d, shares = total, bloc = x, seatsGuaranteed = n, clause = cited });
                ctx.Out.WriteLine($"{Format.Shares(x)} of {Format.Shares(total)} voting shares guarantee {n} of {d} seats ({cited}).");
                return Cli.Ok;
            }

            if (p.GetValue(want) is not { } w) throw Parse.Refuse("--want", "(none)", "give --want N (seats to guarantee) or --bloc SHARES");
            var min = CliContext.Require(CumulativeVoting.MinimumToGuarantee(total, d, w, clause));
            if (p.GetValue(json)) return ctx.WriteJson(new { seats = d, want = w, shares = total, minimumShares = min, clause = cited });
            ctx.Out.WriteLine($"{Format.Shares(min)} of {Format.Shares(total)} voting shares guarantee {w} of {d} seats whatever the others do ({cited}).");
            return Cli.Ok;
        });
        return cmd;
    }

    // ---- input files --------------------------------------------------------------------------------------------

    /// <summary>
    /// A consent record for a write verb (<c>--consent FILE|TEXT</c>): a consents file as <c>approvals --consents</c> reads
    /// it (the record's text is the file's name), or inline text "RECORD: holder[=shares]; holder[=shares]…" (a holder
    /// without a number consents with all their shares). Null when the option is not given.
    /// </summary>
    internal static ConsentRecord? ConsentOption(ParseResult p, Option<string?> option)
    {
        if (p.GetValue(option) is not { } given) return null;
        if (File.Exists(given) || Directory.Exists(given))
        {
            var rows = BallotFile.Read(option.Name, given, ["holder", "shares", "votes"]);
            return new ConsentRecord(Path.GetFileName(given), rows.Select(r => new Consent(r.Get("holder"), r.Long(option.Name, "shares"), r.Long(option.Name, "votes"))).ToList());
        }

        var colon = given.IndexOf(':');
        if (colon <= 0 || colon == given.Length - 1)
            throw Parse.Refuse(option.Name, given, "is neither a consents file nor 'RECORD: holder[=shares]; …' (e.g. 'Written consent 2026-01-05: Kleiner Perkins; Sequoia=500000')");
        var text = Parse.Text(option.Name, given[..colon].Trim());
        var holders = new List<Consent>();
        foreach (var part in given[(colon + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.LastIndexOf('=');
            holders.Add(eq < 0
                ? new Consent(Parse.Name(option.Name, part))
                : new Consent(Parse.Name(option.Name, part[..eq].Trim()), Parse.Shares(option.Name, part[(eq + 1)..].Trim())));
        }

        if (holders.Count == 0) throw Parse.Refuse(option.Name, given, "names no holder consenting");
        return new ConsentRecord(text, holders);
    }

    /// <summary>A pay-to-play take-up file (CSV or JSON as a ballots file): holder, shares offered pro rata, shares bought.</summary>
    internal static IReadOnlyList<(string Holder, long Offered, long Bought)> TakeupRows(string option, string path) =>
        BallotFile.Read(option, path, ["holder", "offered", "bought"]).Select(r => (r.Get("holder"),
            r.Long(option, "offered") ?? throw Parse.Refuse(option, path, "every row needs the shares offered (holder,offered,bought)"),
            r.Long(option, "bought") ?? throw Parse.Refuse(option, path, "every row needs the shares bought (holder,offered,bought)"))).ToList();

    /// <summary>A row of a ballots or consents file, by column name.</summary>
    private sealed class Row(string file, int line, Dictionary<string, string> raw)
    {
        // Names in a ballots file are held to the same rules as on the command line (NFC, no control characters).
        private readonly Dictionary<string, string> cells = raw.ToDictionary(kv => kv.Key, kv => Parse.Text($"{file} line {line} {kv.Key}", kv.Value), StringComparer.Ordinal);

        public string Get(string name) =>
            cells.TryGetValue(name, out var v) && v.Length > 0 ? v : throw Parse.Refuse(file, $"line {line}", $"has no {name}");

        public long? Long(string field, string name)
        {
            if (!cells.TryGetValue(name, out var v) || v.Length == 0) return null;
            if (!long.TryParse(v.Replace("_", ""), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n))
                throw Parse.Refuse(field, $"line {line}: {v}", $"{name} must be a whole number");
            return n;
        }
    }

    /// <summary>Reads CSV (optional header; columns in <paramref name="columns"/> order) or JSON (array of objects, or one object holder → value).</summary>
    private static class BallotFile
    {
        private const long MaxBytes = 10_000_000;

        public static List<Row> Read(string option, string path, string[] columns)
        {
            if (Directory.Exists(path)) throw Parse.Refuse(option, path, "is a folder; give a CSV or JSON file");
            if (!File.Exists(path)) throw Parse.Refuse(option, path, "no such file");
            if (new FileInfo(path).Length > MaxBytes)
                throw Parse.Refuse(option, path, $"is larger than {MaxBytes / 1_000_000} MB, the limit for a ballots or consents file (see Limits in docs/cli.md)");
            string text;
            try
            {
                text = File.ReadAllText(path, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw Parse.Refuse(option, path, "is not UTF-8 text; save it as UTF-8");
            }

            var trimmed = text.TrimStart();
            return trimmed.StartsWith('[') || trimmed.StartsWith('{') ? Json(option, text, columns) : Csv(option, text, columns);
        }

        private static List<Row> Json(string option, string text, string[] columns)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                throw Parse.Refuse(option, "JSON", $"is not valid JSON ({ex.Message})");
            }

            using var _ = doc;
            if (JsonStrict.DuplicateKey(doc.RootElement) is { } dup)
                throw Parse.Refuse(option, dup, "this key is given twice in the same object; give each key once");
            var rows = new List<Row>();
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                var i = 0;
                foreach (var prop in doc.RootElement.EnumerateObject())
                    rows.Add(new Row(option, ++i, new Dictionary<string, string> { [columns[0]] = prop.Name, [columns[1]] = Scalar(prop.Value) }));
                return rows;
            }

            var n = 0;
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw Parse.Refuse(option, "JSON", "must be an array of objects or one object holder → value");
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                n++;
                if (item.ValueKind != JsonValueKind.Object) throw Parse.Refuse(option, $"item {n}", "must be an object");
                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var prop in item.EnumerateObject())
                    if (!cells.TryAdd(prop.Name.ToLowerInvariant(), Scalar(prop.Value)))
                        throw Parse.Refuse(option, $"/{n - 1}/{prop.Name}", "this key is given twice in the same object; give each key once");
                rows.Add(new Row(option, n, cells));
            }

            return rows;
        }

        private static string Scalar(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!.Trim(),
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.Null => "",
            _ => e.GetRawText(),
        };

        private static List<Row> Csv(string option, string text, string[] columns)
        {
            var rows = new List<Row>();
            var lines = text.Replace("\r\n", "\n").Split('\n');
            string[] header = columns;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
                var fields = Split(line);
                if (rows.Count == 0 && ReferenceEquals(header, columns) && fields.Length > 0 && fields[0].Equals(columns[0], StringComparison.OrdinalIgnoreCase))
                {
                    header = fields.Select(f => f.ToLowerInvariant()).ToArray();
                    continue;
                }

                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var k = 0; k < fields.Length && k < header.Length; k++) cells[header[k]] = fields[k];
                rows.Add(new Row(option, i + 1, cells));
            }

            return rows;
        }

        /// <summary>Comma-separated fields; a field in double quotes may contain commas and doubled quotes.</summary>
        private static string[] Split(string line)
        {
            var fields = new List<string>();
            var sb = new System.Text.StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else sb.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { fields.Add(sb.ToString().Trim()); sb.Clear(); }
                else sb.Append(c);
            }

            fields.Add(sb.ToString().Trim());
            return fields.ToArray();
        }
    }
}
