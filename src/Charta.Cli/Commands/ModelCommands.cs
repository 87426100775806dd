using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Charta.Cli.Output;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Core.Model;
using Charta.Views;
using YamlDotNet.RepresentationModel;

namespace Charta.Cli.Commands;

/// <summary>`charta model round`, `charta model schema`: a pro forma round on the ledger (Core/Model).</summary>
public static class ModelCommands
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static Command Model(CliContext ctx) => new("model", "Model the next financing on the ledger: price, conversions, pool, tender, consents, waterfall.") { Round(ctx), Schema(ctx) };

    public static Command Schema(CliContext ctx)
    {
        var cmd = new Command("schema", "Print the JSON Schema of the round scenario format (JSON or YAML files for --scenario).");
        cmd.SetAction(_ =>
        {
            ctx.Out.WriteLine(ScenarioLoader.SchemaText.TrimEnd());
            return Cli.Ok;
        });
        return cmd;
    }

    private static Option<string?> Opt(string name, string description) => Parse.Optional(name, description);

    private static Option<string[]> Many(string name, string description) => new(name) { Description = description, AllowMultipleArgumentsPerToken = false };

    public static Command Round(CliContext ctx)
    {
        var scenario = Many("--scenario", "A scenario file, JSON or YAML (see 'charta model schema'); repeat to compare scenarios side by side.");
        var series = Opt("--series", "The id of the new series (e.g. E).");
        var seriesName = Opt("--series-name", "Its name (default: Series ID Preferred Stock).");
        var preMoney = Opt("--pre-money", "The pre-money valuation, in dollars (or --price).");
        var price = Opt("--price", "The price per share of the new series (or --pre-money).");
        var raise = Opt("--raise", "The new money; with one --investor or none, that investor's amount.");
        var investor = Many("--investor", "An investor in the new series: \"NAME=AMOUNT\" (repeatable).");
        var closing = Opt("--closing", "The closing date YYYY-MM-DD (default: --as-of, else the last event's date).");
        var asOf = Opt("--as-of", "Fold the base ledger to this date YYYY-MM-DD (default: every event).");
        var preShares = Opt("--pre-money-shares", $"The pre-money share count: {string.Join(", ", ShareCount.All)} (default {ShareCount.Default}); 'list' explains them.");
        var poolTarget = Opt("--pool-target", "The unissued pool after the round, as a percentage of the post-money fully diluted count (e.g. 10%).");
        var poolTiming = Opt("--pool-timing", "pre (the top-up is in the pre-money, default) or post.");
        var poolAvailable = Opt("--pool-available", "The unissued pool before the round (default: the ledger's plan reserves less options granted under them).");
        var note = Many("--note", "A convertible note: \"HOLDER=PRINCIPAL,issued=DATE[,rate=8][,interest=simple|compound][,day-count=actual/365|30/360][,cap=X][,discount=20][,cap-shares=DEF][,id=ID]\".");
        var safe = Many("--safe", "A SAFE: \"HOLDER=AMOUNT[,kind=post-money|pre-money][,cap=X][,discount=20][,mfn][,cap-shares=DEF][,id=ID]\".");
        var tender = Opt("--tender", "A secondary sale: \"buyer=NAME,amount=X,price=P|multiple=M,sellers=A;B[:SHARES],security=common\".");
        var seniority = Opt("--seniority", "The new series' rank: parity (default), senior or junior.");
        var participation = Opt("--participation", "none, full or capped:MULTIPLE (default: the senior series').");
        var multiple = Opt("--multiple", "The liquidation preference multiple (default: the senior series').");
        var reading = Opt("--anti-dilution-reading", "preferred-stock or convertible-security (see docs/interpretations.md, Model).");
        var consent = Many("--consent", "A holder who consents with all their shares (repeatable).");
        var exit = Many("--exit", "An exit value for the waterfall and the returns (repeatable).");
        var exitDate = Opt("--exit-date", "The exit date YYYY-MM-DD, for the IRR.");
        var solve = Opt("--solve-pre-money-for", "Find the pre-money giving a holder a multiple at an exit: \"HOLDER=3x@EXIT\".");
        var grid = Many("--grid", "A sensitivity axis: pre-money=A,B,C | price=… | raise=… | pool-target=… (one or two).");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var output = Opt("--out", "Write every table to FILE.csv or FILE.xlsx.");
        var commit = new Option<bool>("--commit") { Description = "Record the round in the ledger (the amendment and the round's events), after showing them; refused while a required consent is not met." };
        var approval = Opt("--approval", "With --commit: the record of the consents and the filing of the amendment.");
        var cmd = new Command("round", "Model a priced round: the new series by charter amendment, notes, SAFEs, pool top-up and tender, folded on the ledger.")
        {
            scenario, series, seriesName, preMoney, price, raise, investor, closing, asOf, preShares, poolTarget, poolTiming, poolAvailable,
            note, safe, tender, seniority, participation, multiple, reading, consent, exit, exitDate, solve, grid, json, output, commit, approval,
        };
        cmd.SetAction(p =>
        {
            if (p.GetValue(preShares) == "list")
            {
                ctx.Out.WriteLine("Pre-money share counts (fully diluted = common outstanding + preferred as converted + every option, warrant and fixed convertible + the unissued pool):");
                ctx.Out.WriteLine($"  {ShareCount.FullyDiluted,-32} without the top-up and without the converting notes and SAFEs");
                ctx.Out.WriteLine($"  {ShareCount.WithPool,-32} with the pool top-up (pre-money timing), without the converting securities");
                ctx.Out.WriteLine($"  {ShareCount.WithConvertibles,-32} with the shares the notes and SAFEs convert into, without the top-up");
                ctx.Out.WriteLine($"  {ShareCount.WithPoolAndConvertibles,-32} with both (the default)");
                ctx.Out.WriteLine($"Cap share counts use the same names: notes and pre-money SAFEs default to {ShareCount.CapDefault}, post-money SAFEs to {ShareCount.PostMoneySafeDefault}.");
                return Cli.Ok;
            }

            var asOfDate = Parse.OptionalDate(p, asOf);
            if (p.GetValue(commit) && (p.GetValue(grid) is { Length: > 0 } || p.GetValue(solve) is not null))
                throw Parse.Refuse("--commit", "true", "cannot be combined with --grid or --solve-pre-money-for");
            var files = p.GetValue(scenario) ?? [];
            var scenarios = new List<RoundScenario>();
            foreach (var f in files) scenarios.Add(Override(LoadScenario(f), p));
            if (scenarios.Count == 0) scenarios.Add(Override(null, p));
            var exits = (p.GetValue(exit) ?? []).Select(x => Parse.Money("--exit", x)).ToArray();
            var outputs = new ModelOutputs(exits, Parse.OptionalDate(p, exitDate));
            var outPath = p.GetValue(output);
            if (outPath is not null && !outPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !outPath.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
                throw Parse.Refuse("--out", outPath, "must end in .csv or .xlsx");

            var prepared = ctx.ModelBase(p, asOfDate);
            if (p.GetValue(solve) is { } target)
                return SolveFor(ctx, prepared, scenarios[0], target, p.GetValue(json));

            if ((p.GetValue(grid) ?? []) is { Length: > 0 } axes)
            {
                var parsed = axes.Select(ParseAxis).ToArray();
                var cells = CliContext.Require(Sensitivity.Grid(prepared, scenarios[0], parsed, exits.Length > 0 ? exits[0] : null));
                if (outPath is not null) ModelTables.Write(outPath, [ModelTables.Grid(cells)]);
                if (p.GetValue(json))
                    return ctx.WriteJson(new { grid = cells.Select(c => new { at = c.At.ToDictionary(a => a.Axis, a => a.Value), pricePerShare = c.PricePerShare, newSeriesPercent = c.NewSeriesPercent, multiple = c.Multiple, refusal = c.Refusal }) });
                WriteGrid(ctx, cells, exits.Length > 0 ? exits[0] : null);
                if (outPath is not null) ctx.Out.WriteLine($"Wrote {outPath}.");
                return Cli.Ok;
            }

            var results = scenarios.Select(s => CliContext.Require(RoundModel.Solve(prepared, s, outputs))).ToArray();
            if (outPath is not null)
                ModelTables.Write(outPath, results.Length == 1 ? ModelTables.Of(results[0]) : results.SelectMany((r, i) => ModelTables.Of(r, $"s{i + 1}-")).ToList());
            if (p.GetValue(commit))
            {
                if (results.Length != 1) throw Parse.Refuse("--commit", $"{results.Length} scenarios", "commits one scenario at a time");
                var toRecord = CliContext.Require(RoundCommit.Events(results[0], p.GetValue(approval)));
                var recorded = ctx.Append(p, [.. toRecord]);
                if (p.GetValue(json)) return ctx.WriteJson(new { committed = true, events = toRecord.Select(e => new { type = EventCatalog.NameOf(e).Name, summary = Describe(e) }), round = ToJson(results[0]) });
                WriteRound(ctx, results[0]);
                ctx.Out.WriteLine();
                ctx.Out.WriteLine($"Recorded {toRecord.Count} events (the amendment first); conversion prices now:");
                ctx.WriteConversionPrices(recorded);
                return Cli.Ok;
            }

            if (p.GetValue(json))
                return ctx.WriteJson(results.Length == 1 ? ToJson(results[0]) : new { scenarios = results.Select(ToJson) });
            if (results.Length == 1) WriteRound(ctx, results[0]);
            else WriteSideBySide(ctx, results);
            if (outPath is not null) ctx.Out.WriteLine($"Wrote {outPath}.");
            return Cli.Ok;
        });
        return cmd;

        RoundScenario Override(RoundScenario? s, ParseResult p)
        {
            var id = p.GetValue(series) ?? s?.Series ?? throw Parse.Refuse("--series", "(none)", "name the new series (e.g. --series E) or pass --scenario FILE");
            var r = s ?? new RoundScenario { Series = id };
            r = r with { Series = id };
            if (p.GetValue(seriesName) is { } sn) r = r with { SeriesName = sn };
            if (p.GetValue(preMoney) is { } pm) r = r with { PreMoney = Parse.Money("--pre-money", pm), Price = p.GetValue(price) is null ? null : r.Price };
            if (p.GetValue(price) is { } pr) r = r with { Price = Parse.Money("--price", pr), PreMoney = p.GetValue(preMoney) is null ? null : r.PreMoney };
            var invs = p.GetValue(investor) ?? [];
            if (invs.Length > 0) r = r with { Investors = invs.Select(ParseInvestor).ToArray() };
            if (p.GetValue(raise) is { } rs)
            {
                var amount = Parse.Money("--raise", rs);
                if (r.Investors.Count == 0) r = r with { Investors = [new Investment($"Series {id} investors", amount)] };
                else if (r.Investors.Count == 1 && invs.Length == 0) r = r with { Investors = [r.Investors[0] with { Amount = amount }] };
                else r = r with { Raise = amount };
            }

            if (p.GetValue(closing) is { } cl) r = r with { Closing = Parse.Date("--closing", cl) };
            if (p.GetValue(preShares) is { } ps) r = r with { PreMoneyShares = ps };
            if (p.GetValue(poolTarget) is { } pt)
                r = r with { Pool = (r.Pool ?? new PoolTerms { TargetPercent = 0 }) with { TargetPercent = Parse.Money("--pool-target", pt.TrimEnd('%')) } };
            if (p.GetValue(poolTiming) is { } tm)
                r = r with { Pool = (r.Pool ?? throw Parse.Refuse("--pool-timing", tm, "needs --pool-target")) with { Timing = tm } };
            if (p.GetValue(poolAvailable) is { } pa)
                r = r with { Pool = (r.Pool ?? throw Parse.Refuse("--pool-available", pa, "needs --pool-target")) with { Available = Parse.Shares("--pool-available", pa) } };
            if ((p.GetValue(note) ?? []) is { Length: > 0 } notes) r = r with { Notes = notes.Select(ParseNote).ToArray() };
            if ((p.GetValue(safe) ?? []) is { Length: > 0 } safes) r = r with { Safes = safes.Select(ParseSafe).ToArray() };
            if (p.GetValue(tender) is { } td) r = r with { Tender = ParseTender(td) };
            var terms = r.Terms ?? new SeriesTerms();
            if (p.GetValue(seniority) is { } sr) terms = terms with { Seniority = sr };
            if (p.GetValue(multiple) is { } mu) terms = terms with { Multiple = Parse.Money("--multiple", mu) };
            if (p.GetValue(participation) is { } pp)
            {
                var parts = pp.Split(':');
                terms = terms with { Participation = parts[0], ParticipationCap = parts.Length > 1 ? Parse.Money("--participation", parts[1].TrimEnd('x')) : null };
            }

            if (terms != new SeriesTerms() || r.Terms is not null) r = r with { Terms = terms };
            if (p.GetValue(reading) is { } rd) r = r with { AntiDilutionReading = rd };
            if ((p.GetValue(consent) ?? []) is { Length: > 0 } cs) r = r with { Consenting = cs };
            return r;
        }
    }

    // ---- input ------------------------------------------------------------------------------------------------

    private static RoundScenario LoadScenario(string path)
    {
        if (!File.Exists(path)) throw Parse.Refuse("--scenario", path, "no such file");
        var text = File.ReadAllText(path);
        var json = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? YamlToJson(path, text)
            : text;
        return CliContext.Require(ScenarioLoader.Load(json, path));
    }

    /// <summary>YAML to JSON: plain scalars that read as numbers, booleans or null become those; quoted scalars stay strings.</summary>
    private static string YamlToJson(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw Parse.Refuse("--scenario", path, $"is not valid YAML at line {ex.Start.Line}: {ex.Message.Split('\n')[0]}");
        }

        if (stream.Documents.Count == 0) throw Parse.Refuse("--scenario", path, "is empty");
        return (Convert(stream.Documents[0].RootNode) ?? new JsonObject()).ToJsonString();

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
            YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
            YamlScalarNode sc => Scalar(sc),
            _ => null,
        };

        static JsonNode? Scalar(YamlScalarNode s)
        {
            var v = s.Value ?? "";
            if (s.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) return JsonValue.Create(v);
            if (v is "" or "~" or "null") return null;
            if (v is "true") return JsonValue.Create(true);
            if (v is "false") return JsonValue.Create(false);
            var t = v.Replace("_", "");
            if (long.TryParse(t, NumberStyles.AllowLeadingSign, C, out var n)) return JsonValue.Create(n);
            if (decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, C, out var d)) return JsonValue.Create(d);
            return JsonValue.Create(v);
        }
    }

    private static Investment ParseInvestor(string text)
    {
        var i = text.LastIndexOf('=');
        if (i <= 0) throw Parse.Refuse("--investor", text, "must be NAME=AMOUNT");
        return new Investment(text[..i].Trim(), Parse.Money("--investor", text[(i + 1)..]));
    }

    /// <summary>"HOLDER=AMOUNT,key=value,flag": the holder and amount, then options.</summary>
    private static (string Holder, decimal Amount, Dictionary<string, string> Options) Fields(string option, string text)
    {
        var parts = text.Split(',');
        var head = parts[0];
        var i = head.LastIndexOf('=');
        if (i <= 0) throw Parse.Refuse(option, text, "must start with HOLDER=AMOUNT (no thousands commas inside the option)");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var j = part.IndexOf('=');
            options[(j < 0 ? part : part[..j]).Trim()] = j < 0 ? "true" : part[(j + 1)..].Trim();
        }

        return (head[..i].Trim(), Parse.Money(option, head[(i + 1)..]), options);
    }

    private static void Only(string option, string text, Dictionary<string, string> o, params string[] keys)
    {
        foreach (var k in o.Keys)
            if (!keys.Contains(k)) throw Parse.Refuse(option, text, $"'{k}' is not an option here ({string.Join(", ", keys)})");
    }

    private static NoteTerms ParseNote(string text)
    {
        var (holder, amount, o) = Fields("--note", text);
        Only("--note", text, o, "issued", "rate", "interest", "day-count", "cap", "discount", "cap-shares", "id");
        if (!o.TryGetValue("issued", out var issued)) throw Parse.Refuse("--note", text, "needs issued=YYYY-MM-DD (interest accrues from it)");
        return new NoteTerms
        {
            Holder = holder, Principal = amount, Issued = Parse.Date("--note issued", issued), Id = o.GetValueOrDefault("id"),
            RatePercent = o.TryGetValue("rate", out var rate) ? Parse.Money("--note rate", rate.TrimEnd('%')) : 0m,
            Interest = o.GetValueOrDefault("interest") ?? NoteInterest.Simple,
            DayCount = o.GetValueOrDefault("day-count") ?? NoteInterest.Actual365,
            Cap = o.TryGetValue("cap", out var cap) ? Parse.Money("--note cap", cap) : null,
            DiscountPercent = o.TryGetValue("discount", out var d) ? Parse.Money("--note discount", d.TrimEnd('%')) : null,
            CapShares = o.GetValueOrDefault("cap-shares"),
        };
    }

    private static SafeTerms ParseSafe(string text)
    {
        var (holder, amount, o) = Fields("--safe", text);
        Only("--safe", text, o, "kind", "cap", "discount", "mfn", "cap-shares", "id");
        return new SafeTerms
        {
            Holder = holder, Amount = amount, Id = o.GetValueOrDefault("id"),
            Kind = o.GetValueOrDefault("kind") ?? "post-money",
            Cap = o.TryGetValue("cap", out var cap) ? Parse.Money("--safe cap", cap) : null,
            DiscountPercent = o.TryGetValue("discount", out var d) ? Parse.Money("--safe discount", d.TrimEnd('%')) : null,
            Mfn = o.ContainsKey("mfn"), CapShares = o.GetValueOrDefault("cap-shares"),
        };
    }

    private static TenderTerms ParseTender(string text)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(','))
        {
            var j = part.IndexOf('=');
            if (j <= 0) throw Parse.Refuse("--tender", text, "must be key=value pairs: buyer=NAME,amount=X,price=P|multiple=M,sellers=A;B,security=ID");
            o[part[..j].Trim()] = part[(j + 1)..].Trim();
        }

        Only("--tender", text, o, "buyer", "amount", "price", "multiple", "sellers", "security");
        string Need(string k) => o.TryGetValue(k, out var v) ? v : throw Parse.Refuse("--tender", text, $"needs {k}=");
        var sellers = Need("sellers").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(s =>
        {
            var k = s.LastIndexOf(':');
            return k > 0 ? new TenderSeller(s[..k].Trim(), Parse.Shares("--tender sellers", s[(k + 1)..])) : new TenderSeller(s.Trim());
        }).ToArray();
        return new TenderTerms
        {
            Buyer = Need("buyer"), Amount = Parse.Money("--tender amount", Need("amount")), Sellers = sellers,
            Price = o.TryGetValue("price", out var pr) ? Parse.Money("--tender price", pr) : null,
            PriceMultiple = o.TryGetValue("multiple", out var m) ? Parse.Money("--tender multiple", m.TrimEnd('x')) : null,
            Security = o.GetValueOrDefault("security") ?? "common",
        };
    }

    private static GridAxis ParseAxis(string text)
    {
        var i = text.IndexOf('=');
        if (i <= 0) throw Parse.Refuse("--grid", text, $"must be AXIS=A,B,C with AXIS one of {string.Join(", ", GridAxis.Names)}");
        var name = text[..i].Trim();
        if (!GridAxis.Names.Contains(name)) throw Parse.Refuse("--grid", name, $"is not a grid axis ({string.Join(", ", GridAxis.Names)})");
        var values = text[(i + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => Parse.Money("--grid " + name, v.TrimEnd('%'))).ToArray();
        if (values.Length == 0) throw Parse.Refuse("--grid", text, "needs at least one value");
        return new GridAxis(name, values);
    }

    private static int SolveFor(CliContext ctx, ModelBase prepared, RoundScenario s, string text, bool json)
    {
        // "HOLDER=3x@EXIT"
        var eq = text.LastIndexOf('=');
        var at = text.LastIndexOf('@');
        if (eq <= 0 || at < eq) throw Parse.Refuse("--solve-pre-money-for", text, "must be HOLDER=MULTIPLEx@EXIT, e.g. \"Fund E=3x@250000000\"");
        var holder = text[..eq].Trim();
        var multiple = Parse.Money("--solve-pre-money-for", text[(eq + 1)..at].Trim().TrimEnd('x', 'X'));
        var exit = Parse.Money("--solve-pre-money-for", text[(at + 1)..]);
        if (s.PreMoney is null && s.Price is not null) s = s with { PreMoney = 1m, Price = null };
        var r = CliContext.Require(Sensitivity.SolvePreMoney(prepared, s, holder, multiple, exit));
        if (json) return ctx.WriteJson(new { holder = r.Holder, targetMultiple = r.TargetMultiple, exit = r.Exit, preMoney = r.PreMoney, multiple = r.Multiple, bounded = r.Bounded, solves = r.Solves, note = r.Note });
        ctx.Out.WriteLine($"{r.Holder} reaches {Format.Ratio(r.TargetMultiple)}x at an exit of {Format.Money(r.Exit)} up to a pre-money of {Format.Money(r.PreMoney)} (multiple there {Format.Ratio(r.Multiple)}x; {r.Note}; {r.Solves} solves).");
        return Cli.Ok;
    }

    // ---- output -----------------------------------------------------------------------------------------------

    private static string Pct(decimal d) => decimal.Round(d, 2, MidpointRounding.AwayFromZero).ToString("0.00", C) + "%";

    private static string Opt(decimal? d) => d is { } x ? Format.Price(x) : "-";

    private static void WriteRound(CliContext ctx, RoundResult r)
    {
        var w = ctx.Out;
        w.WriteLine($"{r.Company}: Series {r.NewSeries.Id} at {Format.Money(r.PricePerShare)} a share, closing {Format.Date(r.Closing)}{(r.Name is null ? "" : $" ({r.Name})")}");
        w.WriteLine($"  Pre-money {Format.Money(r.PreMoney)} on {Format.Shares(r.PreMoneyShares)} shares ({r.PreMoneySharesDefinition}); post-money {Format.Money(r.PostMoney)} on {Format.Shares(r.FullyDilutedAfter)} fully diluted.");
        w.WriteLine($"  Solved in {r.Solver.Iterations} iterations and {r.Solver.Folds} folds of the ledger; anti-dilution reading: {r.Reading}.");
        w.WriteLine();
        w.WriteLine($"New series {r.NewSeries.Name}: {Format.Shares(r.NewSeries.Shares)} shares ({Format.Shares(r.NewSeries.InvestorShares)} for cash {Format.Money(r.NewSeries.CashRaised)}, {Format.Shares(r.NewSeries.ConversionShares)} on conversion); OIP = conversion price {Format.Price(r.NewSeries.OriginalIssuePrice)}, {Format.Ratio(r.NewSeries.Multiple)}x, seniority {r.NewSeries.Seniority}, participation {r.NewSeries.Participation}, dividend {Format.Price(r.NewSeries.DividendRate)}");
        var it = new TextTable("Investor", "Committed", "Shares", "Paid").RightAlign(1, 2, 3);
        foreach (var i in r.NewSeries.Investors) it.Row(i.Holder, Format.Money(i.Committed), Format.Shares(i.Shares), Format.Money(i.Paid));
        it.WriteTo(w);
        if (r.Convertibles.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Convertibles (the lower of the cap price and the discount price):");
            var ct = new TextTable("Id", "Holder", "Kind", "Converting", "Cap price", "Discount price", "Branch", "Price", "Shares").RightAlign(3, 4, 5, 7, 8);
            foreach (var x in r.Convertibles)
                ct.Row(x.Id, x.Holder, x.Kind + (x.Mfn ? " (MFN)" : ""), Format.Money(x.Converting), Opt(x.CapPrice), Opt(x.DiscountPrice), x.Branch, Format.Price(x.Price), Format.Shares(x.Shares));
            ct.WriteTo(w);
        }

        w.WriteLine();
        if (r.Pool.TargetPercent is null) w.WriteLine($"Pool: {Format.Shares(r.Pool.Before)} unissued; no target, no top-up.");
        else w.WriteLine($"Pool: {Format.Shares(r.Pool.Before)} unissued before, top-up {Format.Shares(r.Pool.TopUp)}{(r.Pool.Clamped ? " (clamped at zero)" : "")}, {Format.Shares(r.Pool.After)} after"
                    + (r.Pool.PercentAfter is { } pa ? $" = {Pct(pa)} of the post-money fully diluted" : "") + (r.Pool.Timing is { } t ? $" ({t}-money)" : ""));
        if (r.Tender is { } td)
        {
            w.WriteLine();
            w.WriteLine($"Tender: {td.Buyer} buys {Format.Shares(td.Shares)} {td.Security} at {Format.Money(td.Price)} = {Format.Money(td.Amount)} (no new shares)");
            var tt = new TextTable("Seller", "Shares", "Proceeds").RightAlign(1, 2);
            foreach (var s in td.Sellers) tt.Row(s.Holder, Format.Shares(s.Shares), Format.Money(s.Proceeds));
            tt.WriteTo(w);
        }

        w.WriteLine();
        w.WriteLine("Conversion prices after the round (the fold's anti-dilution):");
        var cp = new TextTable("Series", "Before", "After", "A", "B", "C", "Clause").RightAlign(1, 2, 3, 4, 5);
        foreach (var x in r.ConversionPrices)
        {
            var a = x.Adjustments.Count == 1 ? x.Adjustments[0] : null;
            cp.Row(x.Id, Format.Price(x.Before), Format.Price(x.After), a?.A is { } av ? Format.Shares((long)av) : "", a?.B is { } bv ? Format.Ratio(bv) : "", a?.C is { } cv ? Format.Ratio(cv) : "",
                x.Adjustments.Count == 0 ? "unchanged" : string.Join("; ", x.Adjustments.Select(j => j.Clause).Distinct()));
        }

        cp.WriteTo(w);
        w.WriteLine();
        w.WriteLine("Consents:");
        var ks = new TextTable("Clause", "Threshold", "Of", "Needed", "Consenting", "Met", "Note").RightAlign(2, 3, 4);
        foreach (var k in r.Consents)
            ks.Row(k.Clause, k.Threshold ?? "-", k.Whole is { } wh ? Format.Shares(wh) : "-", k.Needed is { } nd ? Format.Shares(nd) : "-",
                k.Consenting is { } cn ? Format.Shares(cn) : "-", !k.Applies ? "not required" : k.Met is { } m ? (m ? "yes" : "NO") : "-", k.Note ?? "");
        ks.WriteTo(w);
        w.WriteLine();
        w.WriteLine($"Authorized shares the amendment must provide ({r.Authorized.NewSeriesFixedShares}):");
        var at = new TextTable("Class", "Today", "Required", "Amended", "Clause").RightAlign(1, 2, 3);
        foreach (var a in r.Authorized.Classes) at.Row(a.Class, Format.Shares(a.Before), Format.Shares(a.Required), Format.Shares(a.Amended), a.Clause);
        at.WriteTo(w);
        var rv = r.Reservation;
        w.WriteLine($"Reservation after the round ({rv.Clause}): {Format.Shares(rv.CommonAuthorized)} common authorized − {Format.Shares(rv.CommonOutstanding)} outstanding − {Format.Shares(rv.ReservedForConversionAndExercise)} reserved for conversion and exercise − {Format.Shares(rv.UnissuedPool)} pool = {Format.Shares(rv.Headroom)} headroom.");
        w.WriteLine();
        w.WriteLine("Fully diluted ownership, before and after:");
        var ot = new TextTable("Holder", "Before", "%", "After", "%").RightAlign(1, 2, 3, 4);
        var before = r.OwnershipBefore.ToDictionary(o => o.Holder);
        var after = r.Ownership.ToDictionary(o => o.Holder);
        foreach (var h in r.OwnershipBefore.Select(o => o.Holder).Concat(r.Ownership.Select(o => o.Holder)).Distinct())
        {
            before.TryGetValue(h, out var b);
            after.TryGetValue(h, out var a);
            ot.Row(h, b is null ? "-" : Format.Shares(b.Shares), b is null ? "-" : Pct(b.Percent), a is null ? "-" : Format.Shares(a.Shares), a is null ? "-" : Pct(a.Percent));
        }

        ot.Row("total", Format.Shares(r.FullyDilutedBefore), "100.00%", Format.Shares(r.FullyDilutedAfter), "100.00%");
        ot.WriteTo(w);
        foreach (var x in r.Waterfall)
        {
            w.WriteLine();
            w.WriteLine($"Waterfall at an exit of {Format.Money(x.Exit)} (common {Format.Price(decimal.Round(x.CommonPricePerShare, 4, MidpointRounding.AwayFromZero))} a share):");
            var wt = new TextTable("Class", "Decision", "Shares", "As converted", "Total").RightAlign(2, 3, 4);
            foreach (var k in x.Classes) wt.Row(k.Id, k.Decision, Format.Shares(k.Shares), Format.Shares(k.AsConverted), Format.Money(k.Total));
            wt.WriteTo(w);
        }

        if (r.Returns.Count > 0 && r.Waterfall.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"Returns on the Series {r.NewSeries.Id} shares taken in the round (their part of the class's payout ÷ cash, principal or SAFE amount):");
            var rt = new TextTable("Holder", "Invested", "Exit", "Proceeds", "Multiple", "IRR", "Holder's total").RightAlign(1, 2, 3, 4, 5, 6);
            foreach (var x in r.Returns)
            foreach (var e in x.Exits)
                rt.Row(x.Holder, Format.Money(x.Invested), Format.Money(e.Exit), Format.Money(decimal.Round(e.Proceeds, 2, MidpointRounding.AwayFromZero)), e.Multiple is { } m ? Format.Ratio(m) + "x" : "-",
                    e.Irr is { } irr ? Pct(100m * irr) : "-", Format.Money(e.HolderTotal));
            rt.WriteTo(w);
        }

        w.WriteLine();
        w.WriteLine($"Events the round would record ({r.Events.Count}), on the charter amended to add Series {r.NewSeries.Id}:");
        foreach (var e in r.Events) w.WriteLine("  " + Describe(e));
    }

    private static string Describe(LedgerEvent e) => ModelViews.Describe(e);

    private static void WriteSideBySide(CliContext ctx, IReadOnlyList<RoundResult> rs)
    {
        var t = new TextTable(["Figure", .. rs.Select((r, i) => r.Name ?? $"scenario {i + 1}")]).RightAlign([.. Enumerable.Range(1, rs.Count)]);
        void Row(string name, Func<RoundResult, string> f) => t.Row([name, .. rs.Select(f)]);
        Row("Series", r => r.NewSeries.Id);
        Row("Price per share", r => Format.Money(r.PricePerShare));
        Row("Pre-money", r => Format.Money(r.PreMoney));
        Row("Post-money", r => Format.Money(r.PostMoney));
        Row("New series shares", r => Format.Shares(r.NewSeries.Shares));
        Row("New series % (FD)", r => Pct(100m * r.NewSeries.Shares / r.FullyDilutedAfter));
        Row("Pool top-up", r => Format.Shares(r.Pool.TopUp));
        Row("Conversion shares", r => Format.Shares(r.NewSeries.ConversionShares));
        foreach (var id in rs[0].ConversionPrices.Select(c => c.Id))
            Row($"Conversion price {id}", r => Format.Price(r.ConversionPrices.First(c => c.Id == id).After));
        Row("Consents met", r => r.Consents.Where(c => c.Applies && c.Base is not null) is var k && k.Any(c => c.Met == false) ? "NO" : k.Any() && k.All(c => c.Met == true) ? "yes" : "-");
        for (var k = 0; k < rs[0].Waterfall.Count; k++)
        {
            var kk = k;
            Row($"New money multiple at {Format.Money(rs[0].Waterfall[kk].Exit)}", r => r.Waterfall.Count > kk && Sensitivity.NewMoneyMultiple(r with { Waterfall = [r.Waterfall[kk]] }) is { } m ? Format.Ratio(m) + "x" : "-");
        }

        Row("Iterations", r => r.Solver.Iterations.ToString(C));
        t.WriteTo(ctx.Out);
    }

    private static void WriteGrid(CliContext ctx, IReadOnlyList<GridCell> cells, decimal? exit)
    {
        var axes = cells[0].At.Select(a => a.Axis).ToArray();
        var t = new TextTable([.. axes, "Price", "New series %", exit is null ? "Multiple" : $"Multiple at {Format.Money(exit.Value)}"]).RightAlign([.. Enumerable.Range(0, axes.Length + 3)]);
        foreach (var c in cells)
            t.Row([.. c.At.Select(a => a.Axis is "pool-target" ? Pct(a.Value) : Format.Money(a.Value)),
                c.PricePerShare is { } p ? Format.Money(p) : "refused", c.NewSeriesPercent is { } n ? Pct(n) : "-", c.Multiple is { } m ? Format.Ratio(m) + "x" : "-"]);
        t.WriteTo(ctx.Out);
        foreach (var c in cells.Where(c => c.Refusal is not null))
            ctx.Out.WriteLine($"  {string.Join(", ", c.At.Select(a => $"{a.Axis}={a.Value.ToString(C)}"))}: {c.Refusal}");
    }

    private static object ToJson(RoundResult r) => ModelViews.Round(r);
}
