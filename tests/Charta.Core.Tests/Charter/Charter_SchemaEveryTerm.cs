using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Charta.Core.Charter;
using Charta.Core.Conversion;
using Charta.Core.Covenants;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Core.Money;
using Charta.Core.Notices;
using Charta.Core.Voting;

namespace Charta.Core.Tests.Charter;

/// <summary>
/// Issue 12, item 1: "a test enumerates the schema and proves each term changes a result". <see cref="SchemaPaths"/>
/// walks the embedded charter.schema.json (a $ref followed into $defs, an array's items as '*') and lists every property
/// path; each must be classified as
/// (a) honoured: a row of <see cref="Honoured"/> (or of Charter_HonouredTermsChangeAResult, collected by reflection) sets
///     it on a charter and a broad fingerprint of computed figures (<see cref="Fingerprint"/>) changes;
/// (b) refused: a row of <see cref="Refused"/> (or of Charter_EveryTermHonouredOrRefused, by reflection) sets it to a
///     value the engine does not implement and the load is refused naming that field;
/// (c) a label (<see cref="Labels"/>): it carries no term;
/// (d) a parent whose every child is classified (an object holding only a clause, e.g. conversion.splitAdjustment,
///     is such a parent: it cites where a rule is, the rule itself is the engine's);
/// or a known defect (<see cref="Defects"/>), each also a skipped test saying why.
/// Anything else fails <see cref="EveryPathOfTheSchema_IsClassified"/>, naming the paths.
/// </summary>
public sealed class Charter_SchemaEveryTerm
{
    // ---- the walker -------------------------------------------------------------------------------------------

    /// <summary>Every property path of the charter schema ("/series/*/liquidation/multiple"), in schema order.</summary>
    public static IReadOnlyList<string> SchemaPaths()
    {
        var schema = JsonNode.Parse(CharterLoader.SchemaText)!.AsObject();
        var defs = schema["$defs"]!.AsObject();
        var paths = new List<string>();

        void Walk(JsonNode node, string path, int depth)
        {
            Assert.True(depth < 20, $"the schema recurses at {path}");
            if (node is not JsonObject o) return;
            if (o["$ref"] is { } r)
            {
                var name = r.GetValue<string>();
                Assert.StartsWith("#/$defs/", name);
                Walk(defs[name["#/$defs/".Length..]]!, path, depth + 1);
            }

            if (o["properties"] is JsonObject props)
                foreach (var (key, child) in props)
                {
                    paths.Add($"{path}/{key}");
                    Walk(child!, $"{path}/{key}", depth + 1);
                }

            if (o["items"] is { } items) Walk(items, $"{path}/*", depth + 1);
        }

        Walk(schema, "", 0);
        return paths;
    }

    [Fact]
    public void TheWalker_FindsTheTermsOfEveryPartOfTheSchema()
    {
        var paths = SchemaPaths();
        // A few paths only found by following a $ref (series → $defs/series, shareTerm) or an array's items.
        Assert.Contains("/series/*/liquidation/participation/capMultiple", paths);
        Assert.Contains("/authorized/total/value", paths);
        Assert.Contains("/conversionPriceResets/*/windows/*/upToMonths", paths);
        Assert.Contains("/liquidation/nonCashValuation/fairMarketValueApproval/base", paths);
        Assert.Equal(paths.Count, paths.Distinct().Count());
        Assert.True(paths.Count(p => !p.EndsWith("/clause", StringComparison.Ordinal)) >= 200, $"{paths.Count} paths");
    }

    /// <summary>A pointer with concrete indices ("/series/3/dividend/kind", "/protectiveProvisions/-") as a schema path.</summary>
    public static string ToSchemaPath(string pointer) =>
        "/" + string.Join("/", pointer.Trim('/').Split('/').Select(p => p == "-" || int.TryParse(p, out _) ? "*" : p));

    // ---- (c) labels ---------------------------------------------------------------------------------------------

    /// <summary>Fields that carry no term: what they are, and why no figure can depend on them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["/$schema"] = "the schema's address, for editors",
        ["/notes"] = "prose for the people who read the file; the schema says the loader ignores it",
        ["/formatVersion"] = "const 1: the format's version, not a term (any other value is refused by the schema)",
        ["/id"] = "the charter's identifier (a ledger records it; it names, it does not compute)",
        ["/company"] = "the company's name, printed on documents",
        ["/document"] = "the title of the instrument, printed by 'charter show'",
        ["/jurisdiction"] = "the state of incorporation, exported to OCF; the engine applies no state's law by it",
        ["/sourceText"] = "the file of legal text for the clause look-up; the text cites, it does not compute",
        ["/common/name"] = "the class's display name",
        ["/series/*/name"] = "the series' display name",
        ["/series/*/designation"] = "a clause reference only (where the series is designated)",
        ["/antiDilution/exclusions/*/description"] = "what the exclusion covers, in words; its id is what an issue names",
        ["/protectiveProvisions/*/matter"] = "the provision's subject in words, shown with the approval; the action decides",
        ["/protectiveProvisions/*/id"] = "the provision's name (its action, when 'action' is absent, is covered by the action rows)",
        ["/antiDilution/exclusions/*/id"] = "the name an issue gives to claim the exclusion (an issue naming an unknown id is refused: a name, not a term)",
        ["/common/id"] = "the common's identifier: the ledger's events name it; a rename changes no figure",
        ["/series/*/id"] = "the series' identifier: the ledger's events name it; a rename changes no figure",
        ["/additionalCommonClasses/*/id"] = "a common class's identifier (as /common/id)",
    };

    /// <summary>A path ending in a clause citation: where the term is in the charter; it cites, it does not compute.</summary>
    private static bool IsClause(string path) => path.EndsWith("/clause", StringComparison.Ordinal);

    // ---- known defects (each also a skipped test below) ------------------------------------------------------

    /// <summary>Terms the engine reads nowhere (or only outside Core) and does not refuse: each is a skipped test below.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defects = new Dictionary<string, string>
    {
        // Session 20: none left. authorized.commonParValue and preferredParValue, read by no rule when this test was
        // written, are now honoured: an issue below par is refused (rows in Honoured).
    };

    // ---- the classification ---------------------------------------------------------------------------------

    /// <summary>Each schema path and its class: label, honoured, refused, defect or parent (null: unclassified).</summary>
    public static IReadOnlyList<(string Path, string? Class)> Classify()
    {
        var paths = SchemaPaths();
        var honoured = HonouredPaths();
        var refused = RefusedPaths();
        var classified = new Dictionary<string, string>();
        foreach (var p in paths)
        {
            if (IsClause(p) || Labels.ContainsKey(p)) classified[p] = "label";
            else if (honoured.Contains(p)) classified[p] = "honoured";
            else if (refused.Contains(p)) classified[p] = "refused";
            else if (Defects.ContainsKey(p)) classified[p] = "defect";
        }

        // (d) parents, deepest first: every child (a property, or a property of the array's items) classified.
        static int Depth(string p) => p.Count(c => c == '/');
        foreach (var p in paths.OrderByDescending(Depth))
        {
            if (classified.ContainsKey(p)) continue;
            var children = paths.Where(c => c.StartsWith(p + "/", StringComparison.Ordinal) && Depth(c) == Depth(p) + 1
                                             || c.StartsWith(p + "/*/", StringComparison.Ordinal) && Depth(c) == Depth(p) + 2).ToList();
            if (children.Count > 0 && children.All(classified.ContainsKey)) classified[p] = "parent";
        }

        return paths.Select(p => (p, classified.GetValueOrDefault(p))).ToList();
    }

    [Fact]
    public void EveryPathOfTheSchema_IsClassified()
    {
        var paths = SchemaPaths();
        var missing = Classify().Where(c => c.Class is null).Select(c => c.Path).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} schema paths are neither honoured, refused, a label, a parent nor a listed defect:\n" + string.Join("\n", missing));

        // The rows name real paths (a typo would silently classify nothing).
        var unknown = HonouredPaths().Concat(RefusedPaths()).Concat(Labels.Keys).Concat(Defects.Keys).Where(p => !paths.Contains(p)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "rows name no schema path: " + string.Join(", ", unknown));
    }

    /// <summary>The counts per class, and each path's class (printed with --logger "console;verbosity=normal").</summary>
    [Fact]
    public void Counts()
    {
        var all = Classify().Where(c => !IsClause(c.Path)).ToList();
        foreach (var (path, cls) in all) Console.WriteLine($"{cls,-9} {path}");
        Console.WriteLine($"schema paths (without clause) {all.Count}: " + string.Join(", ", all.GroupBy(c => c.Class).Select(g => $"{g.Key} {g.Count()}")));
        Assert.DoesNotContain(all, c => c.Class is null);
    }

    private static HashSet<string> HonouredPaths()
    {
        var set = new HashSet<string>();
        foreach (var row in Honoured()) foreach (var p in ((string)row[1]).Split('|')) set.Add(ToSchemaPath(p));
        var schema = SchemaPaths();
        foreach (var p in ExistingRows(typeof(Charter_HonouredTermsChangeAResult)))
            if (schema.Contains(ToSchemaPath(p))) set.Add(ToSchemaPath(p));
        return set;
    }

    private static HashSet<string> RefusedPaths()
    {
        var set = new HashSet<string>(Refused().Select(row => ToSchemaPath(((string)row[1]).Split('|')[^1])));
        foreach (var p in ExistingRows(typeof(Charter_EveryTermHonouredOrRefused))) set.Add(ToSchemaPath(p));
        return set;
    }

    /// <summary>The pointers of every TheoryData member of another test class (its first string column; '|' separates several).</summary>
    private static IEnumerable<string> ExistingRows(Type t)
    {
        foreach (var m in t.GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (m.GetParameters().Length != 0 || !typeof(System.Collections.IEnumerable).IsAssignableFrom(m.ReturnType) || m.ReturnType == typeof(string)) continue;
            foreach (var row in (System.Collections.IEnumerable)m.Invoke(null, null)!)
            {
                if (row is not object[] cols || cols.Length == 0 || cols[0] is not string pointers) continue;
                foreach (var p in pointers.Split('|')) if (p.StartsWith('/')) yield return p;
            }
        }
    }

    // ---- (a) honoured ---------------------------------------------------------------------------------------

    /// <summary>
    /// (charter, pointer(s) '|'-separated, JSON value(s) '|'-separated; "null" removes the term): each changes
    /// <see cref="Fingerprint"/>. Charters: the embedded juniper-1999 ("j"), simple-seed ("s") and nvca-2020-style ("n").
    /// </summary>
    public static TheoryData<string, string, string> Honoured() => new()
    {
        // Authorized: with 65,000,000 common authorized the trial issue of 50,000,000 more common no longer fits beside
        // the 11,400,000 outstanding and the common reserved for conversion (the total must follow: 85,039,059 − 6,000,000).
        { "j", "/authorized/total/value|/authorized/common/value", "79039059|65000000" },
        // Par value (DGCL §153(a)): at $0.05 a common share the Founder's issue at $0.01 is refused (and every figure
        // built on those 10,000,000 shares moves); at $2.00 a preferred share Series A's issue at $1.00 is refused.
        { "j", "/authorized/commonParValue/value", "0.05" },
        { "j", "/authorized/preferredParValue/value", "2" },
        // Series A fixed at 1,000,000: 460,004 outstanding + the trial 1,000,000 more = 1,460,004 > 1,000,000, refused.
        { "j", "/series/0/fixedShares/value", "1000000" },
        // nvca Series A's own terms: broad-based instead of full ratchet (the down round at $0.30 moves A from $2.00 to a
        // weighted average, not to $0.30); its Original Issue Date from Seed (2000-02-01) so the 2000-02-20 issue at $0.10
        // adjusts it; its exclusions only "conversion", so Staff's board-approved employee-plan issue at $0.05 (2001-01-20) ratchets it.
        { "n", "/series/1/antiDilution/method", "\"broad-based-weighted-average\"" },
        { "n", "/series/1/antiDilution/originalIssueDate/series", "\"Seed\"" },
        { "n", "/series/1/antiDilution/exclusions", """["conversion"]""" },
        // Dividends: A's rate $0.05 → $0.10 doubles its preferential line of the $50,000 allocation.
        { "j", "/series/0/dividend/ratePerShare", "0.10" },
        // nvca A non-cumulative (its accrual removed): nothing accrues, and its preference at $3M loses the accrual.
        { "n", "/series/1/dividend/kind|/series/1/dividend/accrual", "\"non-cumulative\"|null" },
        { "j", "/dividends/excess", "\"none\"" },
        // Accrual of nvca A (8%, daily, compounding annually): annual basis accrues whole years only, so on 2001-06-30
        // (1 year and 4 months after the 2000-03-02 issue) the part-year stops counting; simple compounding drops the interest on interest.
        { "n", "/series/1/dividend/accrual/basis", "\"annual\"" },
        { "n", "/series/1/dividend/accrual/compounding", "\"simple\"" },
        { "j", "/series/0/liquidation/participation/kind", "\"full\"" },
        { "n", "/series/1/liquidation/participation/capMultiple", "4" },
        // The $500,000 declared 2001-03-01 is unpaid: without it in A's preference the $3M shortfall is shared differently.
        { "j", "/series/0/liquidation/includesDeclaredUnpaidDividends", "false" },
        { "cu", "/series/0/liquidation/commonCatchUp/perShare|/series/0/liquidation/commonCatchUp/amount", "null|2000000" },
        // C's price-test bar: 1.5 × $3.97 = $5.955 → 3 × $3.97 = $11.91; the $5 and $12 offerings' tests move.
        { "j", "/series/2/ipoPriceMultiple/value", "3" },
        // The shortfall at $3M: in proportion to OIP × shares, or to each preference (with the declared dividends in it).
        { "j", "/liquidation/shortfallBasis/value", "\"preference-amount\"" },
        { "j", "/liquidation/dividendsOnConversion", "\"forfeited\"" },
        // Retention: 60% is "more than 3/5"? no: a deemed liquidation; 50% "at least 1/2": not one.
        { "j", "/liquidation/deemedLiquidation/retainedVotingEquity/fraction", "\"3/5\"" },
        { "j", "/liquidation/deemedLiquidation/retainedVotingEquity/comparison", "\"at-least\"" },
        // The valuation window: 30 days ending 3 days before the 2001-08-31 closing (2001-07-30..08-28, average $53.50).
        { "j", "/liquidation/nonCashValuation/windowDays/value", "20" },
        { "j", "/liquidation/nonCashValuation/windowEndsDaysBeforeClosing/value", "5" },
        { "j", "/liquidation/nonCashValuation/fairMarketValueApproval/base", "\"preferred-shares\"" },
        { "j", "/liquidation/nonCashValuation/fairMarketValueApproval/fraction", "\"2/3\"" },
        { "jps", "/liquidation/nonCashValuation/fairMarketValueApproval/comparison", "\"at-least\"" },
        { "j", "/liquidation/nonCashValuation/restrictedDiscountApproval/base", "\"preferred-shares\"" },
        { "j", "/liquidation/nonCashValuation/restrictedDiscountApproval/fraction", "\"2/3\"" },
        { "jps", "/liquidation/nonCashValuation/restrictedDiscountApproval/comparison", "\"at-least\"" },
        // Juniper converts only after the issue date: Angel 1's conversion on 2000-02-01, its issue date, is refused; from "issue-date" it is not.
        { "j", "/conversion/optional/from", "\"issue-date\"" },
        // §6(i) reservation: 11,400,000 + 57,000,000 = 68,400,000 common fit the 71,000,000 authorized, but not beside the
        // common reserved for converting the preferred (2,260,020 preferred ≈ 4.2M common) and the option: refused while
        // the charter reserves, issued when it does not.
        { "j", "/conversion/reservation", "null" },
        { "j", "/automaticConversion/publicOffering/firmCommitment", "false" },
        // Without a firm commitment required ("jf"), an S-8 registration qualifies once it is no longer excluded.
        { "jf", "/automaticConversion/publicOffering/excludedRegistrations", """["rule-145"]""" },
        // $10,000,000 is not more than $10,000,000: the $5 offering converts nothing; at $9,000,000, or "at least", it converts.
        { "j", "/automaticConversion/publicOffering/minimumAggregateProceeds/value", "9000000" },
        { "j", "/automaticConversion/publicOffering/minimumAggregateProceeds/comparison", "\"at-least\"" },
        // At $2.50 the readings differ (any series: all convert; each series: A only) and Juniper chooses none: refused; chosen, decided.
        { "j", "/automaticConversion/publicOffering/priceTestReading", "\"each-series\"" },
        { "j", "/automaticConversion/publicOffering/barAdjustment", "\"conversion-price-in-effect\"" },
        // 1,000,000 of the 2,260,020 preferred: short of 2/3, more than 2/5.
        { "j", "/automaticConversion/preferredVote/fraction", "\"2/5\"" },
        { "j", "/automaticConversion/preferredVote/comparison", "\"more-than\"" },
        // nvca A's holders: 225,002 of 450,004 in favour, exactly a half: not "more than", but "at least" 1/2.
        { "n", "/automaticConversion/seriesVotes/0/comparison", "\"at-least\"" },
        // The §6(c) reset: filed 2001-06-15, 381 days after D1's first issue (2000-05-30): the 15-month window, 65%.
        { "j", "/conversionPriceResets/0/series", "\"D\"" },
        { "j", "/conversionPriceResets/0/windows/0/upToDays", "400" },
        { "j", "/conversionPriceResets/0/windows/1/upToMonths", "13" },
        { "j", "/conversionPriceResets/0/windows/2/percentOfOfferingPrice", "60" },
        { "j", "/antiDilution/method", "\"narrow-based-weighted-average\"" },
        // W-3 (400,000 at $0.25, deemed issued 2000-12-01) is cancelled 2001-04-01: read like an expiry, the prices readjust.
        { "j", "/antiDilution/cancellation", "\"expiry-only\"" },
        // G-1, granted 2000-01-02 (before the Original Issue Date), exercised 2001-02-01 at $1: additional shares at $1 (C, D, D1 move) or excluded.
        { "j", "/antiDilution/earlierInstruments", "\"excluded\"" },
        { "j", "/antiDilution/appliesTo", """["A","B","C","D"]""" },
        // Angel 1's 10,000 more A (2001-02-15) at $1.00, converting at $0.43: a deemed issue of common at about $0.43 when A is a Convertible Security.
        { "j", "/antiDilution/convertibleSecuritySeries", """["A"]""" },
        // From A's first issue (2000-02-01) the Early issue of 2000-02-20 at $0.10 adjusts every series.
        { "j", "/antiDilution/originalIssueDate/series", "\"A\"" },
        // W-2 runs 19 days: within 30 a short option (nothing until it expires), beyond 10 a deemed issue at $0.20.
        { "j", "/antiDilution/shortOptionDays/value", "10" },
        // Staff's 2001-01-15 issue claims the employee-plan exclusion with no approval recorded: refused while it needs the board's.
        { "j", "/antiDilution/exclusions/1/approval", "\"none\"" },
        // 300,001 × 2.5 = 750,002.5 votes: away from zero 750,003, to even 750,002.
        { "jh", "/voting/midpoint", "\"to-even\"" },
        { "j", "/protectiveProvisions/0/base", "\"preferred-voting-power\"" },
        // 2,260,020 preferred: more than 1/2 needs 1,130,011; at least 1/2, 1,130,010.
        { "j", "/protectiveProvisions/0/comparison", "\"at-least\"" },
        // A merger keeping 3/5: exempt when more than 1/2 is kept, not when more than 2/3 must be.
        { "j", "/protectiveProvisions/1/exemptIfRetainedEquityMoreThan", "\"2/3\"" },
        // Notices for a closing on 2001-08-31 (meeting 08-25, first notice 08-20, a material change 08-29).
        { "j", "/notices/deemedLiquidation/firstNoticeDaysBefore", "5" },
        { "j", "/notices/deemedLiquidation/closingAfterFirstNoticeDays", "5" },
        { "j", "/notices/deemedLiquidation/closingAfterMaterialChangeDays", "5" },
        { "j", "/notices/deemedLiquidation/shortening/base", "\"preferred-shares\"" },
        { "j", "/notices/deemedLiquidation/shortening/fraction", "\"2/3\"" },
        // On the preferred's voting power (4,167,893, odd) more than 1/2 and at least 1/2 both need 2,083,947: "jps" measures
        // these three approvals on the 2,260,020 preferred shares, where they need 1,130,011 and 1,130,010.
        { "jps", "/notices/deemedLiquidation/shortening/comparison", "\"at-least\"" },
        // The record date 2001-07-31: notice by 2001-07-21 (10 days), mailed by 07-18 (deemed given 3 days after).
        { "j", "/notices/recordDate/daysBefore", "20" },
        { "j", "/notices/mailing/deemedGivenDaysAfterDeposit", "5" },
        // Juniper SEVENTH: an election of two directors by cumulative voting; without it the election is refused.
        { "j", "/directors/cumulativeVoting", "false" },
        // Pay-to-play into a shadow series: on Juniper with pay-to-play on D into common, naming D1 as D's shadow moves
        // the non-players' 150,003 D into 150,003 D1 instead of 150,003 common (Charter_HonouredTermsChangeAResult.
        // PayToPlay_IntoAShadowSeries_ChangesAFigure works the figures by hand). Its two fields are then refused when
        // they name a series that cannot be the pair (below): a series outside appliesTo, a shadow at another price.
        { "jp", "/payToPlay/shadowSeries", JuniperShadowD1 },
    };

    [Theory]
    [MemberData(nameof(Honoured))]
    public void ChangingTheTerm_ChangesAFigure(string charter, string pointers, string values)
    {
        var baseline = Baseline(charter);
        var doc = JsonNode.Parse(Text(charter))!.AsObject();
        foreach (var (p, v) in pointers.Split('|').Zip(values.Split('|'))) Set(doc, p, v);
        var text = doc.ToJsonString();
        var load = CharterLoader.Load(text, "c");
        Assert.True(load.IsOk, $"{pointers} = {values}: {load.Refusal}");
        var changed = Fingerprint(text);
        Assert.NotEqual(baseline, changed);
    }

    [Theory]
    [InlineData("j")]
    [InlineData("s")]
    [InlineData("n")]
    public void TheFingerprint_ComputesEveryFigure_OnTheEmbeddedCharter(string charter)
    {
        // A section that errs would hide a change: on the charters as written, none does.
        var f = Baseline(charter);
        Assert.DoesNotContain("ERR ", f);
    }

    /// <summary>A few rows worked by hand: the figure each moves, before and after.</summary>
    [Fact]
    public void AFewRows_WorkedByHand()
    {
        string Line(string fp, string name) => fp.Split('\n').Single(l => l.StartsWith(name + ": ", StringComparison.Ordinal));
        string After(string c, string pointer, string json) => Fingerprint(With(Text(c), (pointer, json)));

        // 5 series × (300,001 + 150,003) + Angel 1's 10,000 more A = 2,260,020 preferred shares. "More than 1/2" of it
        // needs 1,130,011 (1,130,010 is exactly half); "at least 1/2" needs 1,130,010.
        Assert.Contains("/2260020/1130011/", Line(Baseline("j"), "approve adverse-amendment"));
        Assert.Contains("/2260020/1130010/", Line(After("j", "/protectiveProvisions/0/comparison", "\"at-least\""), "approve adverse-amendment"));

        // The §6(c) reset of D1, filed 2001-06-15 (381 days after its first issue on 2000-05-30: past 180 days and 12
        // months, within 15): 65% × $5.00 = $3.25; at 60%, $3.00.
        Assert.Contains("\"D1\":3.25", Line(Baseline("j"), "ipo 5 10000000 firm-commitment"));
        Assert.Contains("\"D1\":3.00", Line(After("j", "/conversionPriceResets/0/windows/2/percentOfOfferingPrice", "60"), "ipo 5 10000000 firm-commitment"));

        // Fund 1's 300,001 A at $1.00 / $0.40 = 750,002.5 votes: away from zero 750,003; to even 750,002.
        Assert.Contains("Fund 1=750003,", Line(Baseline("jh"), "votes"));
        Assert.Contains("Fund 1=750002,", Line(After("jh", "/voting/midpoint", "\"to-even\""), "votes"));

        // 57,000,000 more common: 68,400,000 of 71,000,000 authorized, short of the common reserved for conversion.
        Assert.Equal("issue 57,000,000 common: refused shares", Line(Baseline("j"), "issue 57,000,000 common"));
        Assert.StartsWith("issue 57,000,000 common: common=68400000,", Line(After("j", "/conversion/reservation", "null"), "issue 57,000,000 common"));
    }

    // ---- (b) refused ----------------------------------------------------------------------------------------

    /// <summary>(charter, pointer, JSON value, the field the refusal names): the load is refused naming it.</summary>
    public static TheoryData<string, string, string, string> Refused() => new()
    {
        // Terms with a single value in the format (the one the engine implements): any other value fails the schema at the field.
        { "j", "/formatVersion", "2", "/formatVersion" },
        { "jp2", "/payToPlay/shadowSeries/0/series", "\"A\"", "/payToPlay/shadowSeries/0/series" },
        { "jp2", "/payToPlay/shadowSeries/0/shadow", "\"C\"", "/payToPlay/shadowSeries/0/shadow" },
        { "j", "/dividends/partialPayment", "\"pro-rata\"", "/dividends/partialPayment" },
        { "n", "/series/1/dividend/accrual/from", "\"declaration-date\"", "/series/1/dividend/accrual/from" },
        { "n", "/dividends/arrears|/dividends/arrears/order", "{ \"order\": \"before-current-period\", \"clause\": \"x\" }|\"after-current-period\"", "/dividends/arrears/order" },
        { "j", "/conversion/optional/formula", "\"original-issue-price\"", "/conversion/optional/formula" },
        { "j", "/conversion/fractionalShares/rule", "\"round-half-up\"", "/conversion/fractionalShares/rule" },
        { "j", "/conversionPriceResets/0/trigger", "\"offering-closed\"", "/conversionPriceResets/0/trigger" },
        { "j", "/conversionPriceResets/0/anchor", "\"filing-date\"", "/conversionPriceResets/0/anchor" },
        { "j", "/antiDilution/rounding", "\"nearest-tenth-cent\"", "/antiDilution/rounding" },
        { "j", "/voting/preferredBasis", "\"one-vote-per-share\"", "/voting/preferredBasis" },
        { "j", "/voting/rounding", "\"down\"", "/voting/rounding" },
        { "n", "/payToPlay/qualifiedFinancing/designation", "\"any-equity-financing\"", "/payToPlay/qualifiedFinancing/designation" },
        // A series subject to pay-to-play cannot be its own shadow (refused at the same field).
        { "n", "/payToPlay/into", "\"Seed\"", "/payToPlay/into" },
        // Common ranks below every series (it takes the residual): a seniority beside a series is refused.
        { "j", "/common/seniority/value", "1", "/common/seniority/value" },
        // The authorized preferred bounds the series' fixed numbers (14,039,059 = their sum): less is refused naming them.
        { "j", "/authorized/total/value|/authorized/preferred/value", "85039058|14039058", "/series" },
        // Session 20 (found by this test): read nowhere before, now refused. The deemed-liquidation test treats every merger,
        // consolidation and asset sale alike, and the fold counts a vote of the preferred to convert on its shares.
        { "j", "/liquidation/deemedLiquidation/transactions", """["merger"]""", "/liquidation/deemedLiquidation/transactions" },
        { "j", "/automaticConversion/preferredVote/base", "\"all-votes\"", "/automaticConversion/preferredVote/base" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void AnUnimplementedValue_IsRefusedAtLoad_NamingTheField(string charter, string pointer, string json, string field)
    {
        var doc = JsonNode.Parse(Text(charter))!.AsObject();
        foreach (var (p, v) in pointer.Split('|').Zip(json.Split('|'))) Set(doc, p, v);
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk, $"{pointer} = {json} was accepted");
        Assert.Equal("c" + field, r.Refusal!.Field);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /// <summary>
    /// The charters rows change: the embedded ones, and two bases set up for a term that needs one: "cu", Juniper with
    /// a common catch-up (Fourth_4_CommonCatchUp); "jh", Juniper with Series A converting at $1.00 / $0.40 = 2.5 common
    /// a share and outside the anti-dilution (so its price stays $0.40), so that Fund 1's 300,001 shares of A carry
    /// 750,002.5 votes: exactly a half, where the midpoint rule decides; "jf", Juniper not requiring a firm commitment;
    /// "jps", Juniper measuring the fair-market-value, restricted-discount and notice-shortening consents on preferred shares.
    /// </summary>
    /// <summary>Pay-to-play on Series D into common, added to Juniper (which has none) for the shadow-series rows.</summary>
    private const string JuniperPayToPlayOnD = """{ "appliesTo": ["D"], "into": "common", "qualifiedFinancing": { "designation": "board-designation", "clause": "P2P §1" }, "clause": "P2P" }""";

    /// <summary>Series D's non-players into D1 (the same Original Issue Price) instead of common.</summary>
    private const string JuniperShadowD1 = """[ { "series": "D", "shadow": "D1", "clause": "P2P §2" } ]""";

    private static string Text(string c) => c switch
    {
        "j" => CharterLoader.EmbeddedText("juniper-1999"),
        "s" => CharterLoader.EmbeddedText("simple-seed"),
        "n" => CharterLoader.EmbeddedText("nvca-2020-style"),
        "cu" => Liquidation.Fourth_4_CommonCatchUp.Charter(),
        "jh" => With(CharterLoader.EmbeddedText("juniper-1999"), ("/series/0/initialConversionPrice/value", "0.4"), ("/antiDilution/appliesTo", """["B","C","D","D1"]""")),
        "jps" => With(CharterLoader.EmbeddedText("juniper-1999"), ("/liquidation/nonCashValuation/fairMarketValueApproval/base", "\"preferred-shares\""),
            ("/liquidation/nonCashValuation/restrictedDiscountApproval/base", "\"preferred-shares\""), ("/notices/deemedLiquidation/shortening/base", "\"preferred-shares\"")),
        "jf" => With(CharterLoader.EmbeddedText("juniper-1999"), ("/automaticConversion/publicOffering/firmCommitment", "false")),
        "jp" => With(CharterLoader.EmbeddedText("juniper-1999"), ("/payToPlay", JuniperPayToPlayOnD)),
        "jp2" => With(Text("jp"), ("/payToPlay/shadowSeries", JuniperShadowD1)),
        _ => throw new ArgumentException(c),
    };

    private static string With(string text, params (string Pointer, string Json)[] changes)
    {
        var doc = JsonNode.Parse(text)!.AsObject();
        foreach (var (p, v) in changes) Set(doc, p, v);
        return doc.ToJsonString();
    }

    private static readonly Dictionary<string, string> Baselines = new();

    private static string Baseline(string c)
    {
        lock (Baselines)
        {
            if (!Baselines.TryGetValue(c, out var f)) Baselines[c] = f = Fingerprint(Text(c));
            return f;
        }
    }

    private static void Set(JsonObject doc, string pointer, string json)
    {
        var parts = pointer.Trim('/').Split('/');
        JsonNode node = doc;
        foreach (var p in parts[..^1])
            node = (int.TryParse(p, out var i) ? node[i] : node[p]) ?? throw new InvalidOperationException($"no {p} in {pointer}");
        if (parts[^1] == "-") node.AsArray().Add(JsonNode.Parse(json));
        else if (json == "null")
        {
            if (node is JsonArray a) a.RemoveAt(int.Parse(parts[^1]));
            else Assert.True(node.AsObject().Remove(parts[^1]), $"nothing to remove at {pointer}");
        }
        else if (node is JsonArray arr) arr[int.Parse(parts[^1])] = JsonNode.Parse(json);
        else node[parts[^1]] = JsonNode.Parse(json);
    }

    // ---- the fingerprint ------------------------------------------------------------------------------------

    private static readonly JsonSerializerOptions J = new()
    {
        ReferenceHandler = ReferenceHandler.IgnoreCycles, MaxDepth = 64, Converters = { new JsonStringEnumConverter() },
    };

    private static string Json(object? o) => JsonSerializer.Serialize(o, J);

    private static string Safe(string name, Func<string> f)
    {
        try
        {
            return $"{name}: {f()}";
        }
        catch (Exception ex)
        {
            return $"{name}: ERR {ex.GetType().Name} {ex.Message}";
        }
    }

    private static string R<T>(Result<T> r, Func<T, object?> f) => r.IsOk ? Json(f(r.Value)) : $"refused {r.Refusal!.Field} {r.Refusal.Value}";

    // Only computed figures go into the fingerprint, never a term's value echoed back (a base, a fraction, a clause, a
    // number of days): a row must move a result, not its own label.
    private static string Timeline(DeemedLiquidationTimeline t) => $"{t.Complies} " + string.Join(";", t.Checks.Select(c => $"{c.Required}:{c.Met}:{c.Shortened}"));

    private static string Valued(ValuedConsideration v) => $"{v.WindowStart}..{v.WindowEnd} {v.PriceDays} {v.PricePerShare} {v.Value}";

    private static readonly DateOnly D0 = new(2000, 1, 1);
    private static readonly DateOnly AsOf = new(2001, 6, 30);
    private static readonly decimal[] Exits = [3_000_000m, 10_000_000m, 20_000_000m, 40_000_000m, 150_000_000m, 1_000_000_000m];

    /// <summary>
    /// The broad fingerprint: every figure the engine computes from one standard small ledger on the charter.
    /// The ledger (dates chosen so that each dated term has something to measure):
    /// 2000-01-01 created; Founder 10,000,000 common at $0.01 (2000-01-02); Employee an option on 1,000,000 common at
    /// $1 (2000-01-02, before any Original Issue Date); series k (charter order, k = 0, 1, …) issued on
    /// 2000-02-01 + 30k days to Fund k+1 (300,001) and Angel k+1 (150,003) at its Original Issue Price;
    /// 2000-02-20 Early 100,000 common at $0.10 (after the first series' first issue, before the second's);
    /// 2000-12-01 a warrant W-2 to Newco on 500,000 common at $0.20, expiring 2000-12-20 (19 days: a short option);
    /// 2000-12-01 a warrant W-3 to Newco on 400,000 common at $0.25, cancelled unexercised 2001-04-01;
    /// 2001-01-01 Newco 1,000,000 common at $0.30 (the down round); 2001-01-15 Staff 200,000 common at $0.05 claiming
    /// the employee-plan exclusion with no approval recorded; 2001-02-01 Employee exercises 100,000 of the option;
    /// 2001-02-15 Angel 1 10,000 more of the first series at its Original Issue Price; 2001-03-01 $500,000 declared
    /// (record date 2001-03-01) and left unpaid. A step the engine refuses is recorded in the fingerprint and skipped.
    /// Then, as of 2001-06-30: the cap table, conversion prices and accruals; the waterfall at six exits and the
    /// breakpoints; the votes; every protective-provision action's approvals (a merger with and without 3/5 retained);
    /// a conversion quote; public offerings at two prices, best-efforts, under an S-8, at the proceeds' bar; a
    /// dividend allocation; record-date and deemed-liquidation notice dates; the deemed-liquidation retention test and
    /// valuation; a preferred vote, a series vote and a pay-to-play financing; a redemption request; issues beyond the
    /// fixed, authorized and reserved numbers; an election of two directors by cumulative voting.
    /// </summary>
    public static string Fingerprint(string charterJson)
    {
        var charter = CharterLoader.Load(charterJson, "c").Value;
        var common = charter.Common.Id;
        var events = new List<LedgerEvent> { new CompanyCreated(D0, "custom", charterJson, D0) };
        var figures = new List<string>();
        var stakeholders = new HashSet<string>();

        IReadOnlyList<RecordedEvent> Rec(IEnumerable<LedgerEvent> es) => es.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToList();

        void Holder(string name)
        {
            if (stakeholders.Add(name)) events.Add(new StakeholderAdded(D0, name));
        }

        void Step(LedgerEvent e)
        {
            var r = Fold.TryReplay(Rec(events.Append(e)));
            if (r.IsOk) events.Add(e);
            else figures.Add($"step {e.GetType().Name} {e.Date}: refused {r.Refusal!.Field}");
        }

        void Try(LedgerEvent e)
        {
            var r = Fold.TryReplay(Rec(events.Append(e)));
            figures.Add($"try {e.GetType().Name} {e.Date}: " + (r.IsOk ? "ok" : $"refused {r.Refusal!.Field}"));
        }

        foreach (var h in new[] { "Founder", "Employee", "Early", "Newco", "Staff" }) Holder(h);
        for (var k = 0; k < charter.Series.Count; k++)
        {
            Holder($"Fund {k + 1}");
            Holder($"Angel {k + 1}");
        }

        Step(new SharesIssued(new DateOnly(2000, 1, 2), "Founder", common, 10_000_000, 0.01m));
        Step(new InstrumentGranted(new DateOnly(2000, 1, 2), "G-1", "Employee", "option", common, 1_000_000, 1m, null));
        for (var k = 0; k < charter.Series.Count; k++)
        {
            var s = charter.Series[k];
            var d = new DateOnly(2000, 2, 1).AddDays(30 * k);
            Step(new SharesIssued(d, $"Fund {k + 1}", s.Id, 300_001, s.OriginalIssuePrice.Value));
            Step(new SharesIssued(d, $"Angel {k + 1}", s.Id, 150_003, s.OriginalIssuePrice.Value));
            if (k == 0) Try(new PreferredConverted(d, $"Angel {k + 1}", [new ConvertedLot(s.Id, 3)], 1m));
        }

        Step(new SharesIssued(new DateOnly(2000, 2, 20), "Early", common, 100_000, 0.10m));
        Step(new InstrumentGranted(new DateOnly(2000, 12, 1), "W-2", "Newco", "warrant", common, 500_000, 0.20m, new DateOnly(2000, 12, 20)));
        Step(new InstrumentGranted(new DateOnly(2000, 12, 1), "W-3", "Newco", "warrant", common, 400_000, 0.25m, new DateOnly(2005, 1, 1)));
        Step(new SharesIssued(new DateOnly(2001, 1, 1), "Newco", common, 1_000_000, 0.30m));
        Step(new SharesIssued(new DateOnly(2001, 1, 15), "Staff", common, 200_000, 0.05m, Exclusion: "employee-plan"));
        Step(new SharesIssued(new DateOnly(2001, 1, 20), "Staff", common, 200_000, 0.05m, Exclusion: "employee-plan", Approval: "board minutes"));
        Step(new InstrumentExercised(new DateOnly(2001, 2, 1), "G-1", 100_000));
        if (charter.Series.Count > 0)
            Step(new SharesIssued(new DateOnly(2001, 2, 15), "Angel 1", charter.Series[0].Id, 10_000, charter.Series[0].OriginalIssuePrice.Value));
        Step(new InstrumentCancelled(new DateOnly(2001, 4, 1), "W-3", 400_000));
        Step(new DividendDeclared(new DateOnly(2001, 3, 1), "DIV-1", "cash", 500_000m));

        var recorded = Rec(events);
        var table = Fold.Replay(recorded, AsOf);
        var seriesIds = charter.Series.Select(s => s.Id).ToArray();

        figures.Add(Safe("outstanding", () => string.Join(",", charter.ClassIds.Select(id => $"{id}={table.Outstanding(id)}"))));
        figures.Add(Safe("prices", () => string.Join(",", seriesIds.Select(id => $"{id}={table.ConversionPrice(id)}"))));
        figures.Add(Safe("price-history", () => string.Join(";", table.ConversionPriceHistory.Select(h => $"{h.Date}:{h.Series}:{h.From}->{h.To}"))));
        figures.Add(Safe("accrued", () => string.Join(",", seriesIds.Select(id => $"{id}={table.Accrued(id, AsOf)?.AccruedUnpaid}"))));

        var model = LiquidationModel.From(table);
        foreach (var exit in Exits)
            figures.Add(Safe($"waterfall {exit}", () => R(Waterfall.Solve(model, exit), w => w.Classes.Select(c => $"{c.Id}={c.Total}"))));
        figures.Add(Safe("breakpoints", () => string.Join(";", PayoutCurve.Build(model).Breakpoints.Select(b => $"{b.Exit}:{b.Event}"))));

        var votes = Votes.Count(table);
        figures.Add(Safe("votes", () => $"{votes.CommonVotes}/{votes.PreferredVotes}/" + string.Join(",", votes.Holders.Select(h => $"{h.Name}={h.Total}"))));
        foreach (var action in Approvals.Actions)
            figures.Add(Safe($"approve {action}", () => R(Approvals.Required(charter, votes, new ProposedAction(action)),
                list => list.Select(a => $"{a.Body}/{a.Series}/{a.Whole}/{a.Needed}/{a.Applies}"))));
        figures.Add(Safe("approve merger 3/5 retained", () => R(Approvals.Required(charter, votes, new ProposedAction(Approvals.Merger, Fraction.Parse("3/5"))),
            list => list.Select(a => $"{a.Body}/{a.Whole}/{a.Needed}/{a.Applies}"))));

        if (seriesIds.Length > 0)
        {
            figures.Add(Safe("quote", () => R(Conversions.Quote(table, "Angel 1", AsOf, [new ConvertedLot(seriesIds[0], 150_003)], 3m), q => $"{q.CommonIssued}+{q.CashForFraction}")));
            figures.Add(Safe("quote on the issue date", () => R(Conversions.Quote(Fold.Replay(recorded, new DateOnly(2000, 2, 1)), "Angel 1", new DateOnly(2000, 2, 1),
                [new ConvertedLot(seriesIds[0], 150_003)], 3m), q => $"{q.CommonIssued}+{q.CashForFraction}")));
        }

        // Public offerings: filed 2001-06-15 (about 12½ months after the fifth series' first issue), closing 2001-06-25.
        foreach (var (price, proceeds, kind) in new[] { (5m, 10_000_000m, "firm-commitment"), (40m, 50_000_000m, "firm-commitment"), (12m, 60_000_000m, "best-efforts"), (12m, 60_000_000m, "employee-plan"), (2.5m, 60_000_000m, "firm-commitment") })
            figures.Add(Safe($"ipo {price} {proceeds} {kind}", () =>
            {
                var d = OfferingDecider.Decide(recorded, new OfferingCommand(new DateOnly(2001, 6, 15), new DateOnly(2001, 6, 25), price, proceeds, kind, 1_000_000), recorded.Count + 1, DateTimeOffset.UnixEpoch);
                return d.IsOk
                    ? Json(new { d.Plan!.Converting, d.Plan.ConversionPricesAtClosing, Tests = d.Plan.Tests.Select(t => $"{t.Series}:{t.Threshold}:{t.Passes}") })
                    : $"refused {d.Refusal!.Field}: {d.Refusal.Reason} any={Json(d.UnderAnySeries?.Converting)} each={Json(d.UnderEachSeries?.Converting)}";
            }));

        figures.Add(Safe("election", () => R(CumulativeVoting.ClauseOf(charter).Bind(clause => CumulativeVoting.Elect(votes, 2,
            [new ElectionBallot("Founder", "Ann", 20_000_000), new ElectionBallot("Fund 1", "Bob", 1_000_000), new ElectionBallot("Newco", "Cy", 2_000_000)], clause)),
            e => e.Candidates.Select(c => $"{c.Candidate}:{c.Votes}:{c.Outcome}"))));
        figures.Add(Safe("dividend", () => R(Core.Dividends.DividendAllocation.Allocate(table, 1_000_000m, AsOf), p => p.Holders)));
        figures.Add(Safe("dividend small", () => R(Core.Dividends.DividendAllocation.Allocate(table, 50_000m, AsOf), p => p.Holders)));
        figures.Add(Safe("record-date notice", () => R(RecordDateNotices.For(charter, new DateOnly(2001, 7, 31)), n => $"{n.Required} {n.LatestDeemedGiven} {n.LastMailingDay}")));
        figures.Add(Safe("deemed-liquidation notices", () => R(DeemedLiquidationNotices.Check(charter, new DateOnly(2001, 8, 31), new DateOnly(2001, 8, 25),
            new DateOnly(2001, 8, 20), [new DateOnly(2001, 8, 29)], false), Timeline)));
        figures.Add(Safe("deemed-liquidation notices shortened", () => R(DeemedLiquidationNotices.Check(charter, new DateOnly(2001, 8, 31), new DateOnly(2001, 8, 25),
            new DateOnly(2001, 8, 28), [], true), Timeline)));
        foreach (var retained in new[] { 50m, 60m })
            figures.Add(Safe($"retention {retained}", () => R(DeemedLiquidation.Retention(charter, retained), t => t.IsDeemedLiquidation)));
        var prices = Enumerable.Range(0, 60).Select(i => new DailyPrice(new DateOnly(2001, 7, 1).AddDays(i), 10m + i)).ToList();
        foreach (var market in new[] { MarketKind.Exchange, MarketKind.OverTheCounter })
            figures.Add(Safe($"value {market}", () => R(DeemedLiquidation.Value(charter, new SecurityConsideration("Acquirer", 1000, market, prices), new DateOnly(2001, 8, 31)), Valued)));
        figures.Add(Safe("value fmv", () => R(DeemedLiquidation.Value(charter, new SecurityConsideration("Private", 1000, MarketKind.None, null, 7m, "board minutes", 10m), new DateOnly(2001, 8, 31)), Valued)));

        string After(LedgerEvent e)
        {
            var r = Fold.TryReplay(Rec(events.Append(e)), AsOf);
            return r.IsOk ? string.Join(",", charter.ClassIds.Select(id => $"{id}={r.Value.Outstanding(id)}")) : $"refused {r.Refusal!.Field}";
        }

        figures.Add(Safe("preferred vote", () => After(new PreferredConversionVoted(AsOf, 1_000_000, "written consent", 1m))));
        figures.Add(Safe("preferred vote 2/3 of 3", () => After(new PreferredConversionVoted(AsOf, 2 * (450_004L * seriesIds.Length + 10_000) / 3, "written consent", 1m))));
        foreach (var id in seriesIds)
            figures.Add(Safe($"series vote {id}", () => After(new SeriesConversionVoted(AsOf, id, 225_002, "written consent", 1m))));
        // The holders of the series pay-to-play applies to (Angel k and Fund k hold series k): Angels do not play, Funds do.
        var playing = Enumerable.Range(0, seriesIds.Length).Where(k => charter.PayToPlay?.AppliesTo.Contains(seriesIds[k]) != false).ToArray();
        figures.Add(Safe("pay-to-play", () => After(new QualifiedFinancingClosed(AsOf, "Next round", "Board",
            playing.Select(k => new ProRataTakeup($"Angel {k + 1}", 10, 0)).Concat(playing.Select(k => new ProRataTakeup($"Fund {k + 1}", 10, 10))).ToArray(), 1m))));
        for (var k = 0; k < seriesIds.Length; k++)
        {
            var id = seriesIds[k];
            figures.Add(Safe($"redeem {id}", () =>
            {
                var later = events.Append(new RedemptionRequested(new DateOnly(2005, 6, 1), "R-1", "Fund 1", id, 300_001)).ToList();
                var r = Fold.TryReplay(Rec(later));
                return r.IsOk ? Json(r.Value.Redemptions.Values.Select(q => new { q.FirstRedemptionDate, q.Instalments, Paid = q.Paid.Select(p => $"{p.Due}:{p.Shares}:{p.Quote.Amount}") })) : $"refused {r.Refusal!.Field}";
            }));
            figures.Add(Safe($"issue 1,000,000 more {id}", () => After(new SharesIssued(AsOf, "Newco", id, 1_000_000, 20m))));
        }

        figures.Add(Safe("issue 50,000,000 common", () => After(new SharesIssued(AsOf, "Newco", common, 50_000_000, 20m))));
        figures.Add(Safe("issue 57,000,000 common", () => After(new SharesIssued(AsOf, "Newco", common, 57_000_000, 20m))));
        return string.Join("\n", figures);
    }
}
