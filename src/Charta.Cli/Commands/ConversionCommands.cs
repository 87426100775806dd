using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using Charta.Cli.Output;
using Charta.Core;
using Charta.Core.AntiDilution;
using Charta.Core.Conversion;
using Charta.Core.Ledger;
using Charta.Core.Notices;
using Charta.Documents;

namespace Charta.Cli.Commands;

/// <summary>
/// FOURTH §6: `charta conversion-prices`, `convert`, `ipo`, `certificate` and `notices record-date`. Each parses its
/// options, calls one core function and renders; every figure carries the clause that produced it.
/// </summary>
public static class ConversionCommands
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IEnumerable<Command> All(CliContext ctx) =>
        [ConversionPrices(ctx), Convert(ctx), Ipo(ctx), Certificate(ctx), Notices(ctx), Reprice(ctx), ConversionVote(ctx), PayToPlay(ctx), Distribute(ctx), Reclassify(ctx), IssueMixed(ctx)];

    // ---- events without a verb elsewhere ----------------------------------------------------------------------

    public static Command Reprice(CliContext ctx)
    {
        var id = Parse.Required("--id", "The instrument id.");
        var price = Parse.Required("--price", "The new exercise or conversion price per share.");
        var shares = Parse.Optional("--shares", "The new (smaller) number of shares still issuable; default: unchanged.");
        var date = Parse.Required("--date", "Effective date YYYY-MM-DD.");
        var cmd = new Command("reprice", "Change an instrument's price or reduce its shares; recomputes its anti-dilution adjustment.") { id, price, shares, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new InstrumentRepriced(Parse.Date(p, date), Parse.Text(p, id), Parse.Money(p, price), p.GetValue(shares) is { } n ? Parse.Shares("--shares", n) : null);
            var t = ctx.Append(p, e);
            ctx.Out.WriteLine($"Repriced {e.GrantId} to {Format.Money(e.ExercisePrice)} on {Format.Date(e.Date)}. Conversion prices now:");
            ctx.WriteConversionPrices(t);
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command IssueMixed(CliContext ctx)
    {
        var holder = Parse.Required("--holder", "The stakeholder receiving the common.");
        var shares = Parse.Required("--shares", "Number of common shares.");
        var with = Parse.Required("--with", "What else is issued for the same consideration, e.g. '500 Series X warrants and a supply agreement'.");
        var total = Parse.Required("--total", "The whole consideration received for the package.");
        var allocated = Parse.Required("--allocated", "The part of it the Board allocates to the common.");
        var approval = Parse.Required("--approval", "The record of the Board's good-faith determination, e.g. 'Board resolution 1999-05-02'.");
        var date = Parse.Required("--date", "Effective date YYYY-MM-DD.");
        var cmd = new Command("issue-mixed", "Issue common together with other securities or assets for one consideration; the Board's allocation sets the price tested under the charter's anti-dilution clause.")
            { holder, shares, with, total, allocated, approval, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new SharesIssuedForMixedConsideration(Parse.Date(p, date), Parse.Text(p, holder), Parse.Shares(p, shares),
                Parse.Money(p, total), Parse.Money(p, allocated), Parse.Text(p, with), Parse.Text(p, approval));
            var t = ctx.Append(p, e);
            ctx.Out.WriteLine($"Issued {Format.Shares(e.Shares)} common to {e.Holder} with {e.OtherItems}; {Format.Money(e.AllocatedToCommon)} of {Format.Money(e.TotalConsideration)} allocated to the common{CliLedgerExtensions.Cited(t.Charter, t.Charter.AntiDilution?.Clause, "(v)(A)(3)")}. Conversion prices now:");
            ctx.WriteConversionPrices(t);
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command ConversionVote(CliContext ctx)
    {
        var shares = Parse.Required("--shares-for", "Preferred shares (of --series, when given) voted in favour of converting.");
        var approval = Parse.Required("--approval", "The record of the vote, e.g. 'Written consent 2001-05-01'.");
        var market = Parse.Required("--market-price", "The Board's market value of one common share, for fractions paid in cash.");
        var date = Parse.Required("--date", "The day the vote is effective YYYY-MM-DD.");
        var series = Parse.Optional("--series", "The series whose holders vote alone (the charter's automaticConversion.seriesVotes); default: the preferred voting together.");
        var cmd = new Command("conversion-vote", "Convert preferred on the vote the charter names: the preferred together, or one series alone (--series).") { shares, approval, market, date, series };
        cmd.Records();
        cmd.SetAction(p =>
        {
            LedgerEvent e = p.GetValue(series) is { } sid
                ? new SeriesConversionVoted(Parse.Date(p, date), Parse.Text(series.Name, sid), Parse.Shares(p, shares), Parse.Text(p, approval), Parse.Money(p, market))
                : new PreferredConversionVoted(Parse.Date(p, date), Parse.Shares(p, shares), Parse.Text(p, approval), Parse.Money(p, market));
            var t = ctx.Append(p, e);
            var converted = t.AutomaticConversions.LastOrDefault();
            ctx.Out.WriteLine($"{(converted is null ? "Preferred" : string.Join(", ", converted.SeriesConverted.Select(x => $"Series {x}")))} converted on {Format.Date(e.Date)}"
                              + $"{(converted is null ? "" : $" ({converted.Clause})")}; common outstanding {Format.Shares(t.CommonOutstanding())}.");
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command PayToPlay(CliContext ctx)
    {
        var financing = Parse.Required("--financing", "The financing, e.g. 'Series B, 2024-03-01'.");
        var designation = Parse.Required("--designation", "The record of the Board's designation of it as a Qualified Financing, e.g. 'Board resolution 2024-02-20'.");
        var takeup = Parse.Required("--takeup", "Each holder of the series subject to pay-to-play: 'holder=offered:bought; …' (shares of the new securities offered pro rata and bought), or a CSV file holder,offered,bought.");
        var market = Parse.Required("--market-price", "The Board's market value of one common share, for fractions paid in cash.");
        var date = Parse.Required("--date", "The closing date YYYY-MM-DD.");
        var cmd = new Command("pay-to-play", "Record a Qualified Financing's pro rata take-up; a holder that did not buy its pro rata share converts (the charter's payToPlay).")
            { financing, designation, takeup, market, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new QualifiedFinancingClosed(Parse.Date(p, date), Parse.Text(p, financing), Parse.Text(p, designation), Takeup(takeup.Name, p.GetValue(takeup)!), Parse.Money(p, market));
            var decision = ctx.Record(p, e);
            var t = decision.State;
            var clause = t.Charter.PayToPlay?.Clause;
            var stored = decision.Recorded.Select(r => r.Event).OfType<QualifiedFinancingClosed>().FirstOrDefault() ?? e;
            string Into(string holder)
            {
                // What the holder's shares became (the stored outcome): common, and (payToPlay.shadowSeries) shadow series.
                var targets = (stored.Conversions ?? []).Where(c => c.Holder == holder).Select(_ => "common")
                    .Concat((stored.Shadows ?? []).Where(x => x.Holder == holder).Select(x => $"{Format.Shares(x.Shares)} {t.Charter.FindSeries(x.Shadow)?.Name ?? x.Shadow}"));
                return string.Join(" and ", targets.Distinct());
            }

            foreach (var x in e.Takeup)
                ctx.Out.WriteLine($"  {x.Holder}: offered {Format.Shares(x.Offered)}, bought {Format.Shares(x.Purchased)}: {(x.Plays ? "kept its preferred" : $"did not play: converted into {Into(x.Holder)}")}");
            ctx.Out.WriteLine($"Common outstanding {Format.Shares(t.CommonOutstanding())}{(clause is null ? "" : $" ({clause})")}.");
            return Cli.Ok;
        });
        return cmd;
    }

    /// <summary>'holder=offered:bought; …', or a CSV file with columns holder, offered, bought.</summary>
    private static IReadOnlyList<ProRataTakeup> Takeup(string field, string given)
    {
        if (File.Exists(given))
        {
            return GovernanceCommands.TakeupRows(field, given).Select(r => new ProRataTakeup(r.Holder, r.Offered, r.Bought)).ToList();
        }

        var list = new List<ProRataTakeup>();
        foreach (var raw in given.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.LastIndexOf('=');
            var colon = eq < 0 ? -1 : raw.IndexOf(':', eq);
            if (eq <= 0 || colon < 0) throw Parse.Refuse(field, raw, "must be holder=offered:bought (shares offered pro rata and shares bought), e.g. 'Fund A=100000:40000'");
            list.Add(new ProRataTakeup(Parse.Name(field, raw[..eq].Trim()), Parse.ShareCount(field, raw[(eq + 1)..colon].Trim()), Parse.ShareCount(field, raw[(colon + 1)..].Trim())));
        }

        if (list.Count == 0) throw Parse.Refuse(field, given, "names no holder: give holder=offered:bought for every holder of the series subject to pay-to-play");
        return list;
    }

    public static Command Distribute(CliContext ctx)
    {
        var security = Parse.Required("--security", "The securities distributed (other than common), e.g. 'Spinco common'.");
        var per = Parse.Required("--per-share", "Amount distributed per common share.");
        var date = Parse.Required("--date", "The distribution (or record) date YYYY-MM-DD.");
        var cmd = new Command("distribute", "Record a distribution to the common in other securities; the preferred's entitlement on conversion is kept.") { security, per, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new OtherSecuritiesDistributed(Parse.Date(p, date), Parse.Text(p, security), Parse.Money(p, per));
            var t = ctx.Append(p, e);
            var latest = t.ConversionEntitlements.Max(y => y.EventSequence);
            foreach (var x in t.ConversionEntitlements.Where(x => x.EventSequence == latest))
                ctx.Out.WriteLine($"  each {x.Series} share will also receive {Format.Ratio(x.AmountPerPreferredShare)} {x.Security} on conversion ({x.Clause})");
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Reclassify(CliContext ctx)
    {
        var cls = Parse.Required("--class", "The class the common is changed into.");
        var ratio = Parse.Required("--per-share", "Shares of the new class per common share.");
        var date = Parse.Required("--date", "Effective date YYYY-MM-DD.");
        var cmd = new Command("reclassify", "Record a reclassification of the common; the preferred converts into the new class.") { cls, ratio, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new CommonReclassified(Parse.Date(p, date), Parse.Text(p, cls), Parse.Money(p, ratio));
            var t = ctx.Append(p, e);
            ctx.Out.WriteLine($"The preferred now converts into {e.NewClass}. Conversion prices now{CliLedgerExtensions.Cited(t.Charter, t.Charter.Conversion?.SplitAdjustment?.Clause, "(iii)", 1)}:");
            ctx.WriteConversionPrices(t);
            return Cli.Ok;
        });
        return cmd;
    }

    private static Option<bool> Json() => new("--json") { Description = "Print JSON." };

    // ---- conversion-prices ----------------------------------------------------------------------------------

    public static Command ConversionPrices(CliContext ctx)
    {
        var asOf = Parse.Optional("--as-of", "Fold the ledger to this date YYYY-MM-DD (default: today); shown in the output.");
        var json = Json();
        var explain = new Option<bool>("--explain") { Description = "Show, under each change, the facts and the formula it came from (A, B, C, caps)." };
        var cmd = new Command("conversion-prices", "Each series' conversion price, conversion ratio and the history of its adjustments, with the charter's clauses.") { asOf, json, explain };
        cmd.SetAction(p =>
        {
            var t = ctx.Read(p, Parse.OptionalDate(p, asOf) ?? ctx.Today);
            if (p.GetValue(json))
                return ctx.WriteJson(LedgerViews.ConversionPrices(t));

            var w = ctx.Out;
            w.WriteLine($"Conversion prices{(t.AsOf is { } d ? " as of " + Format.Date(d) : "")} ({(t.Charter.Conversion?.Optional?.Clause is { } oc ? oc + ": " : "")}common per share = Original Issue Price ÷ conversion price)");
            w.WriteLine($"Original Issue Date{CliLedgerExtensions.Cited(t.Charter, t.Charter.AntiDilution?.OriginalIssueDate?.Clause)}: {Format.Date(t.OriginalIssueDate)}");
            var tt = new TextTable("Series", "OIP", "Initial", "Now", "Common per share", "Changes").RightAlign(1, 2, 3, 4, 5);
            foreach (var s in t.Charter.Series)
                tt.Row(s.Id, Format.Price(s.OriginalIssuePrice.Value), Format.Price(s.InitialConversionPrice.Value), Format.Price(t.ConversionPrice(s.Id)),
                    Format.Ratio(t.ConversionRatio(s.Id)), t.ConversionPriceHistory.Count(h => h.Series == s.Id).ToString(C));
            tt.WriteTo(w);
            if (t.ConversionPriceHistory.Count > 0)
            {
                w.WriteLine();
                w.WriteLine("History:");
                var h = new TextTable("Date", "Series", "From", "To", "Clause", "Event", "Why").RightAlign(2, 3, 5);
                foreach (var c in t.ConversionPriceHistory)
                    h.Row(Format.Date(c.Date), c.Series, Format.Price(c.From), Format.Price(c.To), c.Clause, c.EventSequence.ToString(C), c.Reason);
                h.WriteTo(w);
                var citations = CertificateCitations.Of(t.Charter);
                if (p.GetValue(explain))
                    foreach (var c in t.ConversionPriceHistory)
                    {
                        w.WriteLine();
                        w.WriteLine($"{Format.Date(c.Date)} Series {c.Series}, event {c.EventSequence.ToString(C)}: {Format.Price(c.From)} → {Format.Price(c.To)} ({c.Clause})");
                        foreach (var line in CertificateText.Facts(c, citations)) if (line.Length > 0) w.WriteLine("  " + line.Replace("**", ""));
                    }
            }

            if (t.ConversionTarget is { } target)
                w.WriteLine($"Conversion target{CliLedgerExtensions.Cited(t.Charter, t.Charter.Conversion?.SplitAdjustment?.Clause, "(iii)", 1)}: {target.Class}, {Format.Ratio(target.SharesPerCommonShare)} per former common share.");
            foreach (var e in t.ConversionEntitlements)
                w.WriteLine($"Entitlement{CliLedgerExtensions.Cited(t.Charter, t.Charter.Conversion?.SplitAdjustment?.Clause, "(ii)", 1)}: each {e.Series} share also receives {Format.Ratio(e.AmountPerPreferredShare)} {e.Security} (since {Format.Date(e.Date)}).");
            return Cli.Ok;
        });
        return cmd;
    }

    // ---- convert ---------------------------------------------------------------------------------------------

    public static Command Convert(CliContext ctx)
    {
        var holder = Parse.Required("--holder", "The holder converting.");
        var series = Parse.Required("--series", "The series to convert (A, B, C, D, D1 for Juniper); several as A,B.");
        var shares = Parse.Required("--shares", "Shares to convert; one number per series, e.g. 1000,500.");
        var date = Parse.Required("--date", "The day the certificates are surrendered YYYY-MM-DD (the conversion is effective on that day, as the charter says).");
        var market = Parse.Required("--market-price", "The Board's current market value of one common share, for the fraction paid in cash.");
        var json = Json();
        var cmd = new Command("convert", "Convert preferred into common at the conversion prices in effect (fractions paid in cash).") { holder, series, shares, date, market, json };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var ids = Parse.Text(p, series).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var counts = Parse.Text(p, shares).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length != counts.Length)
                throw Parse.Refuse("--shares", Parse.Text(p, shares), $"give one number of shares for each of the {ids.Length} series in --series");
            var lots = ids.Zip(counts, (s, n) => new ConvertedLot(s, Parse.Shares("--shares", n))).ToArray();
            var day = Parse.Date(p, date);
            var price = Parse.Money(p, market);
            var who = Parse.Text(p, holder);

            // --json only changes the output format; the conversion is recorded unless --dry-run.
            var quote = CliContext.Require(Conversions.Quote(ctx.Read(p, day), who, day, lots, price));
            var asJson = p.GetValue(json);
            var decision = ctx.Record(p, _ => [new PreferredConverted(day, who, lots, price)], quiet: asJson);
            var recorded = (PreferredConverted)decision.Recorded[0].Event;
            var view = CapTableView.From(decision.State);
            if (asJson)
                return ctx.WriteJson(new
                {
                    dryRun = p.IsDryRun(),
                    recorded = decision.Recorded.Select(r => new { sequence = r.Sequence, type = EventCatalog.NameOf(r.Event).Name, @event = (object)r.Event }),
                    conversion = quote,
                    captable = view,
                });

            var w = ctx.Out;
            w.WriteLine($"{who} converts on {Format.Date(day)} (effective immediately before the close of business{CliLedgerExtensions.Cited(decision.State.Charter, decision.State.Charter.Conversion?.Optional?.Clause, "(b)", 2, ", ", "")}):");
            foreach (var l in quote.Lots)
                w.WriteLine($"  {Format.Shares(l.Shares)} {l.Series} × {Format.Price(l.OriginalIssuePrice)} ÷ {Format.Price(l.ConversionPrice)} = {l.ExactCommon.ToString("0.######", C)} common");
            w.WriteLine($"  Common issued (rounded down over the whole conversion{CliLedgerExtensions.Cited(decision.State.Charter, decision.State.Charter.Conversion?.FractionalShares?.Clause, prefix: ", ", suffix: "")}): {Format.Shares(recorded.CommonIssued ?? quote.CommonIssued)}");
            w.WriteLine($"  Fraction {quote.Fraction.ToString("0.######", C)} × {Format.Money(quote.MarketPricePerCommonShare)} paid in cash: {Format.Money(recorded.CashForFraction ?? quote.CashForFraction)}");
            foreach (var o in quote.OtherProperty)
                w.WriteLine($"  Also delivered{CliLedgerExtensions.Cited(decision.State.Charter, decision.State.Charter.Conversion?.SplitAdjustment?.Clause, "(ii)", 1)}: {o.Amount.ToString("0.######", C)} {o.Security}");
            w.WriteLine($"  The converted preferred is cancelled and may not be reissued ({decision.State.Charter.Conversion?.ConvertedSharesReissuable?.Clause ?? "the charter"}).");
            w.WriteLine();
            view.WriteText(w, decision.State.Charter);
            return Cli.Ok;
        });
        return cmd;
    }

    // ---- ipo -------------------------------------------------------------------------------------------------

    public static Command Ipo(CliContext ctx)
    {
        var price = Parse.Required("--price", "The public offering price per common share.");
        var proceeds = Parse.Required("--proceeds", "Aggregate proceeds to the company at the offering price.");
        var filed = Parse.Required("--filed", "The day the registration statement was filed with the SEC YYYY-MM-DD (for a conversion-price reset the charter ties to it).");
        var closing = Parse.Optional("--closing", "The closing YYYY-MM-DD (default: the filing day).");
        var kind = new Option<string>("--kind") { Description = "firm-commitment, best-efforts, employee-plan (S-8) or rule-145.", DefaultValueFactory = _ => "firm-commitment" };
        kind.AcceptOnlyFromAmong(PublicOffering.Kinds);
        var reading = new Option<string?>("--reading")
        {
            Description = "The price-test reading of \"as the case may be\": any-series or each-series (default: the charter's; if it names none and the readings differ, the offering is refused).",
        };
        reading.AcceptOnlyFromAmong(PublicOffering.AnySeries, PublicOffering.EachSeries);
        var bars = new Option<string?>("--bars")
        {
            Description = "What moves the dollar bars of the price test: splits-only (the parenthetical, default) or conversion-price-in-effect (default: the charter's).",
        };
        bars.AcceptOnlyFromAmong(PublicOffering.BarReadings);
        var market = Parse.Optional("--market-price", "Value of one common share for fractions paid in cash (default: the offering price).");
        var sold = Parse.Optional("--shares", "Common shares sold to the public in the offering (required; recorded and issued at the closing).");
        var publicHolder = Parse.Optional("--public-holder", $"The register name for the shares sold (default: '{PublicOfferingClosed.DefaultPublicHolder}').");
        var json = Json();
        var cmd = new Command("ipo", "A public offering: the conversion price reset, the price tests per series, the automatic conversion and the shares sold.")
            { price, proceeds, filed, closing, kind, reading, bars, market, sold, publicHolder, json };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var px = Parse.Money(p, price);
            var filedOn = Parse.Date(p, filed);
            var closeOn = Parse.OptionalDate(p, closing) ?? filedOn;
            var k = p.GetValue(kind)!;
            var sharesSold = p.GetValue(sold) is { } n ? Parse.Shares("--shares", n)
                : throw Parse.Refuse("--shares", "(none)", "give the number of common shares sold to the public in the offering");
            var command = new OfferingCommand(filedOn, closeOn, px, Parse.Money(p, proceeds), k, sharesSold, p.GetValue(reading), p.GetValue(bars),
                Parse.OptionalMoney(p, market), p.GetValue(publicHolder));

            // The core decides (the same function as POST /api/events/ipo): the plan, or a refusal with both readings' outcomes.
            var existing = ctx.Events(p);
            var next = existing.Count == 0 ? 1 : existing.Max(r => r.Sequence) + 1;
            var decision = OfferingDecider.Decide(existing, command, next, ctx.Clock.GetUtcNow());
            if (decision.ReadingsDiffer)
            {
                // No silent default: show both outcomes, then refuse (nothing recorded, dry run or not).
                WriteOfferingPlan(ctx.Out, decision.UnderAnySeries!, px, command.AggregateProceeds, k, filedOn, closeOn, dryRun: true);
                ctx.Out.WriteLine("No reading chosen: the two readings give different outcomes; nothing recorded.");
            }

            if (!decision.IsOk) throw new CliRefusalException(decision.Refusal!);
            var plan = decision.Plan!;
            var holders = decision.Holders;
            var dry = p.IsDryRun();
            IReadOnlyList<LedgerEvent> Events(CapTable t) => decision.Events;
            var after = ctx.Record(p, Events, quiet: p.GetValue(json)).State;

            if (p.GetValue(json))
                return ctx.WriteJson(ConversionViews.Offering(decision, dry, sharesSold, after.CommonOutstanding()));

            var w = ctx.Out;
            WriteOfferingPlan(w, plan, px, command.AggregateProceeds, k, filedOn, closeOn, dry);
            w.WriteLine($"Reading applied: {plan.Reading}. Converting: {List(plan.Converting)}.");
            if (holders.Count > 0)
            {
                var ht = new TextTable("Holder", "Converts", "Common", "Cash for fraction").RightAlign(2, 3);
                foreach (var h in holders)
                    ht.Row(h.Holder, string.Join(" + ", h.Lots.Select(l => $"{Format.Shares(l.Shares)} {l.Series}")), Format.Shares(h.CommonIssued), Format.Money(h.CashForFraction));
                ht.WriteTo(w);
            }

            w.WriteLine($"Shares sold to the public: {Format.Shares(sharesSold)} common at {Format.Money(px)}.");
            w.WriteLine($"Common outstanding after the closing: {Format.Shares(after.CommonOutstanding())}.");
            return Cli.Ok;
        });
        return cmd;
    }

    private static void WriteOfferingPlan(TextWriter w, OfferingPlan plan, decimal px, decimal proceeds, string k, DateOnly filedOn, DateOnly closeOn, bool dryRun)
    {
        w.WriteLine($"Public offering at {Format.Money(px)}, proceeds {Format.Money(proceeds)}, {k}; filed {Format.Date(filedOn)}, closing {Format.Date(closeOn)}{(dryRun ? " (dry run: nothing recorded)" : "")}");
        if (plan.Reset is { } r)
            w.WriteLine($"Conversion price reset ({r.Clause}): {r.Explanation}" + (r.NewPrice is { } np ? $" → {r.Series} conversion price {Format.Price(np)}" : ""));
        else
            w.WriteLine("Conversion price reset: no qualifying registration statement, or no Original Issue Date: no reset.");
        w.WriteLine($"Offering ({plan.Clause}): {plan.KindExplanation}: {(plan.KindQualifies ? "qualifies" : "does not qualify")}; proceeds {(plan.ProceedsComparison == "more-than" ? (plan.ProceedsQualify ? "exceed" : "do not exceed") : (plan.ProceedsQualify ? "are at least" : "are less than"))} {Format.Money(plan.MinimumProceeds)}.");
        w.WriteLine(plan.BarAdjustment == PublicOffering.SplitsOnly
            ? "Dollar bars: the multiple × the initial conversion price, moved by splits and stock dividends only (--bars splits-only)."
            : "Dollar bars: the multiple × the conversion price in effect (--bars conversion-price-in-effect).");
        var tt = new TextTable("Series", "Conversion price", "Bar price", "Multiple", "Threshold", "Price test").RightAlign(1, 2, 3, 4);
        foreach (var t in plan.Tests)
            tt.Row(t.Series, Format.Price(t.ConversionPrice), Format.Price(t.BarPrice), Format.Price(t.Multiple), Format.Price(t.Threshold), t.Passes ? "met" : "not met");
        tt.WriteTo(w);
        w.WriteLine($"Converting under any-series: {List(plan.ConvertingUnderAnySeries)}; under each-series: {List(plan.ConvertingUnderEachSeries)}.");
    }

    private static string List(IReadOnlyList<string> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);

    // ---- certificate -------------------------------------------------------------------------------------------

    public static Command Certificate(CliContext ctx)
    {
        var evt = Parse.Required("--event", "The ledger event (sequence number, see 'charta conversion-prices') that adjusted the conversion price.");
        var holder = Parse.Optional("--holder", "The holder the certificate is furnished to (adds their preferred and what it converts into).");
        var format = new Option<string>("--format") { Description = "md (default), html or pdf.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html", "pdf");
        var output = Parse.Optional("--output", "Write to this file instead of stdout (required for pdf).");
        var asOf = Parse.Optional("--as-of", "State the conversion price in effect as of this date (default: today).");
        var cmd = new Command("certificate", "The certificate of an adjustment the charter requires: the facts, the formula with its figures, the price now in effect.")
            { evt, holder, format, output, asOf };
        cmd.SetAction(p =>
        {
            var text = Parse.Text(p, evt);
            if (!long.TryParse(text, NumberStyles.None, C, out var seq)) throw Parse.Refuse("--event", text, "must be an event number (see 'charta log')");
            var t = ctx.Read(p, Parse.OptionalDate(p, asOf) ?? ctx.Today);
            var cert = CliContext.Require(AdjustmentCertificate.For(t, seq, p.GetValue(holder)));
            var md = CertificateText.Markdown(cert);
            var fmt = p.GetValue(format)!;
            var path = p.GetValue(output);
            if (fmt == "pdf")
            {
                if (path is null) throw Parse.Refuse("--output", "(none)", "a PDF is binary: give a file to write it to");
                File.WriteAllBytes(path, MarkdownDocuments.Pdf(md));
                ctx.Out.WriteLine($"Wrote {path}.");
                return Cli.Ok;
            }

            var body = fmt == "html" ? MarkdownDocuments.Html(md, "Certificate as to adjustment of the Conversion Price") : md;
            if (path is not null)
            {
                File.WriteAllText(path, body);
                ctx.Out.WriteLine($"Wrote {path}.");
            }
            else ctx.Out.Write(body);
            return Cli.Ok;
        });
        return cmd;
    }

    // ---- notices record-date -----------------------------------------------------------------------------------

    public static Command Notices(CliContext ctx)
    {
        var date = Parse.Required("--date", "The record date YYYY-MM-DD.");
        var kind = new Option<string>("--kind") { Description = "non-cash-dividend, distribution, subscription-right, other-right or cash-dividend.", DefaultValueFactory = _ => "distribution" };
        kind.AcceptOnlyFromAmong(RecordDateNotices.Kinds);
        var json = Json();
        var recordDate = new Command("record-date", "The last day to mail the charter's record-date notice to the preferred (with the charter's mailing rule).") { date, kind, json };
        recordDate.SetAction(p =>
        {
            var t = ctx.Read(p, null);
            var n = CliContext.Require(RecordDateNotices.For(t.Charter, Parse.Date(p, date), p.GetValue(kind)!));
            if (p.GetValue(json)) return ctx.WriteJson(n);
            ctx.Out.WriteLine($"Record date {Format.Date(n.RecordDate)} ({n.Kind}): {(n.Required ? "notice required" : "no notice required")} ({n.Clause}, {n.MailingClause}).");
            ctx.Out.WriteLine($"  Deemed given by: {Format.Date(n.LatestDeemedGiven)}");
            ctx.Out.WriteLine($"  Last mailing day: {Format.Date(n.LastMailingDay)}");
            ctx.Out.WriteLine($"  {n.Explanation}.");
            return Cli.Ok;
        });
        return new Command("notices", "Notices the charter requires.") { recordDate, NoticeDocument(ctx) };
    }

    /// <summary>`charta notices document`: the record-date notice itself, in Markdown, HTML or PDF.</summary>
    private static Command NoticeDocument(CliContext ctx)
    {
        var date = Parse.Required("--record-date", "The record date YYYY-MM-DD.");
        var kind = new Option<string>("--kind") { Description = "non-cash-dividend, distribution, subscription-right, other-right or cash-dividend.", DefaultValueFactory = _ => "distribution" };
        kind.AcceptOnlyFromAmong(RecordDateNotices.Kinds);
        var action = Parse.Required("--action", "What the record is taken for, e.g. \"a dividend of one share of common for every ten held\".");
        var amount = Parse.Required("--amount", "The amount and character of the dividend, distribution or right, as the notice must state them.");
        var terms = Parse.Optional("--terms", "Further terms (payment date, eligibility, how to exercise a right).");
        var mailed = Parse.Optional("--mailed", "The day the notice is deposited in the mail YYYY-MM-DD (default: the last day it may be).");
        var format = new Option<string>("--format") { Description = "md (default), html or pdf.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html", "pdf");
        var output = Parse.Optional("--output", "Write to this file instead of stdout (required for pdf).");
        var json = Json();
        var cmd = new Command("document", "The record-date notice itself: the action, the record date, the amount and character, the terms; flags a distribution recorded inside its notice period.")
            { date, kind, action, amount, terms, mailed, format, output, json };
        cmd.SetAction(p =>
        {
            var ledger = ctx.OpenLedger(p);
            using var _ = ledger.Store;
            var events = ledger.Events();
            var table = CliContext.Require(Fold.TryReplay(events, null));
            var doc = CliContext.Require(RecordDateNoticeDocuments.Prepare(table.Charter, Parse.Date(p, date), p.GetValue(kind)!, Parse.Text(p, action),
                Parse.Text(p, amount), p.GetValue(terms), Parse.OptionalDate(p, mailed), RecordDateNoticeDocuments.Distributions(events)));
            if (p.GetValue(json)) return ctx.WriteJson(doc);
            var md = NoticeText.Markdown(doc);
            var fmt = p.GetValue(format)!;
            var path = p.GetValue(output);
            if (fmt == "pdf")
            {
                if (path is null) throw Parse.Refuse("--output", "(none)", "a PDF is binary: give a file to write it to");
                File.WriteAllBytes(path, MarkdownDocuments.Pdf(md));
                ctx.Out.WriteLine($"Wrote {path}.");
            }
            else
            {
                var body = fmt == "html" ? MarkdownDocuments.Html(md, "Notice of record date") : md;
                if (path is not null)
                {
                    File.WriteAllText(path, body);
                    ctx.Out.WriteLine($"Wrote {path}.");
                }
                else ctx.Out.Write(body);
            }

            // When the notice goes to a file, its flags are also printed, so they are not missed.
            if (path is not null)
                foreach (var f in doc.Flags) ctx.Out.WriteLine($"FLAG: event {f.EventSequence} ({Format.Date(f.RecordDate)}, {f.Description}): {f.Reason}.");
            return Cli.Ok;
        });
        return cmd;
    }
}

/// <summary>Renders the record-date notice as Markdown (HTML and PDF are made from it by <see cref="MarkdownDocuments"/>).</summary>
internal static class NoticeText
{
    public static string Markdown(RecordDateNoticeDocument d)
    {
        var t = d.Timing;
        var sb = new StringBuilder();
        void L(string s = "") => sb.Append(s).Append('\n');
        L("# Notice of record date");
        L();
        L($"**{d.Company}** gives this notice to each holder of its Preferred Stock under {t.Clause} of its Certificate of Incorporation.");
        L();
        L($"The corporation will take a record of the holders of its securities on **{Format.Date(t.RecordDate)}** for the purpose of {d.Action}.");
        L();
        L("| | |");
        L("|---|---|");
        L($"| Action | {Cell(d.Action)} |");
        L($"| Record date | {Format.Date(t.RecordDate)} |");
        L($"| Amount and character | {Cell(d.AmountAndCharacter)} |");
        L($"| Kind | {t.Kind} |");
        if (d.Terms is { } terms) L($"| Terms | {Cell(terms)} |");
        L();
        L("## When this notice is given");
        L();
        if (!t.Required) L($"A record date for a cash dividend needs no notice under {t.Clause}; this notice is given for information.");
        L($"- Notice must be given at least {t.DaysBefore} days before the record date: by {Format.Date(t.LatestDeemedGiven)} ({t.Clause}).");
        L($"- Mailed notice is deemed given {t.DeemedGivenDaysAfterMailing} days after deposit ({t.MailingClause}): the last mailing day is {Format.Date(t.LastMailingDay)}.");
        L(d.MailingDateGiven
            ? $"- This notice is mailed {Format.Date(d.MailedOn)} and deemed given {Format.Date(d.DeemedGiven)}: **{(d.Timely ? "in time" : "LATE")}**."
            : $"- To be mailed no later than {Format.Date(d.MailedOn)} (deemed given {Format.Date(d.DeemedGiven)}).");
        if (d.Flags.Count > 0)
        {
            L();
            L("## Flagged");
            L();
            foreach (var f in d.Flags)
                L($"- Ledger event {f.EventSequence}, record date {Format.Date(f.RecordDate)}, {f.Description}: {f.Reason}.");
        }

        L();
        L("Secretary: ______________________");
        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
