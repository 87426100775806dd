using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Charta.Core.Ledger;
using Charta.Ocf;

namespace Charta.Benchmarks;

/// <summary>
/// A generated OCF package: N stakeholders each issued common, preferred for some, option grants with vesting
/// terms and starts, exercises (each with its resulting stock) and transfers (each with its resulting and balance
/// stock), in date order, until the package holds the requested number of transactions.
/// </summary>
public static class OcfPackageGenerator
{
    public static Dictionary<string, byte[]> Generate(int stakeholders, int transactions)
    {
        var c = CultureInfo.InvariantCulture;
        var start = new DateOnly(2015, 1, 1);
        JsonObject Money(string a) => new() { ["amount"] = a, ["currency"] = "USD" };
        var sh = new JsonArray();
        for (var i = 0; i < stakeholders; i++)
            sh.Add(new JsonObject { ["object_type"] = "STAKEHOLDER", ["id"] = $"sh{i}", ["name"] = new JsonObject { ["legal_name"] = $"Holder {i:00000}" }, ["stakeholder_type"] = "INDIVIDUAL" });
        var txs = new JsonArray();
        var day = 0;
        string Date() => start.AddDays(day / 50).ToString("yyyy-MM-dd", c);
        var current = new string[stakeholders];
        var held = new long[stakeholders];
        var sec = 0;
        void Stock(string id, int holder, string cls, long q, string price) =>
            txs.Add(new JsonObject
            {
                ["object_type"] = "TX_STOCK_ISSUANCE", ["id"] = "i-" + id, ["security_id"] = id, ["date"] = Date(), ["custom_id"] = id,
                ["stakeholder_id"] = $"sh{holder}", ["security_law_exemptions"] = new JsonArray(), ["stock_class_id"] = cls,
                ["share_price"] = Money(price), ["quantity"] = q.ToString(c), ["stock_legend_ids"] = new JsonArray("leg"),
            });

        for (var i = 0; i < stakeholders && txs.Count < transactions; i++, day++)
        {
            current[i] = $"s{sec++}";
            held[i] = 100_000;
            Stock(current[i], i, "cs", 100_000, "0.01");
            if (i % 5 == 0 && txs.Count < transactions) Stock($"s{sec++}", i, "pa", 1_000, "1.00");
        }

        var grants = new List<(string Id, int Holder, long Left)>();
        for (var i = 0; txs.Count + 2 <= transactions && grants.Count < stakeholders * 2; i++, day++)
        {
            var id = $"g{grants.Count}";
            var h = i % stakeholders;
            txs.Add(new JsonObject
            {
                ["object_type"] = "TX_EQUITY_COMPENSATION_ISSUANCE", ["id"] = "i-" + id, ["security_id"] = id, ["date"] = Date(), ["custom_id"] = id,
                ["stakeholder_id"] = $"sh{h}", ["security_law_exemptions"] = new JsonArray(), ["stock_plan_id"] = "plan", ["stock_class_id"] = "cs",
                ["compensation_type"] = "OPTION_ISO", ["quantity"] = "4800", ["exercise_price"] = Money("0.10"), ["vesting_terms_id"] = "vt",
                ["expiration_date"] = "2040-01-01", ["termination_exercise_windows"] = new JsonArray(),
            });
            txs.Add(new JsonObject { ["object_type"] = "TX_VESTING_START", ["id"] = "vs-" + id, ["security_id"] = id, ["vesting_condition_id"] = "start", ["date"] = Date() });
            grants.Add((id, h, 4800));
        }

        for (var k = 0; txs.Count + 3 <= transactions; k++, day++)
        {
            if (k % 3 == 0 && grants.Count > 0)
            {
                var gi = k / 3 % grants.Count;
                var g = grants[gi];
                if (g.Left >= 100)
                {
                    var r = $"s{sec++}";
                    txs.Add(new JsonObject { ["object_type"] = "TX_EQUITY_COMPENSATION_EXERCISE", ["id"] = "x-" + r, ["security_id"] = g.Id, ["date"] = Date(), ["quantity"] = "100", ["resulting_security_ids"] = new JsonArray(r) });
                    Stock(r, g.Holder, "cs", 100, "0.10");
                    grants[gi] = g with { Left = g.Left - 100 };
                    continue;
                }
            }

            var from = k % stakeholders;
            var to = (from + 1 + k % 7) % stakeholders;
            if (held[from] <= 10) continue;
            var res = $"s{sec++}";
            var bal = $"s{sec++}";
            txs.Add(new JsonObject
            {
                ["object_type"] = "TX_STOCK_TRANSFER", ["id"] = "t-" + res, ["security_id"] = current[from], ["date"] = Date(), ["quantity"] = "10",
                ["resulting_security_ids"] = new JsonArray(res), ["balance_security_id"] = bal,
            });
            Stock(res, to, "cs", 10, "0.01");
            held[from] -= 10;
            Stock(bal, from, "cs", held[from], "0.01");
            current[from] = bal;
        }

        var manifest = new JsonObject
        {
            ["ocf_version"] = "1.2.0", ["file_type"] = "OCF_MANIFEST_FILE", ["as_of"] = "2030-01-01", ["generated_at"] = "2030-01-01T00:00:00Z",
            ["issuer"] = new JsonObject { ["object_type"] = "ISSUER", ["id"] = "iss", ["legal_name"] = "Generated Co", ["formation_date"] = "2014-01-01", ["country_of_formation"] = "US" },
            ["stock_plans_files"] = Entry("StockPlans.ocf.json"), ["stock_legend_templates_files"] = Entry("StockLegends.ocf.json"),
            ["stock_classes_files"] = Entry("StockClasses.ocf.json"), ["vesting_terms_files"] = Entry("VestingTerms.ocf.json"),
            ["valuations_files"] = new JsonArray(), ["transactions_files"] = Entry("Transactions.ocf.json"), ["stakeholders_files"] = Entry("Stakeholders.ocf.json"),
        };
        var classes = new JsonArray(
            new JsonObject { ["object_type"] = "STOCK_CLASS", ["id"] = "cs", ["name"] = "Common", ["class_type"] = "COMMON", ["default_id_prefix"] = "CS-", ["initial_shares_authorized"] = "100000000000", ["votes_per_share"] = "1", ["seniority"] = "1" },
            new JsonObject { ["object_type"] = "STOCK_CLASS", ["id"] = "pa", ["name"] = "Series A", ["class_type"] = "PREFERRED", ["default_id_prefix"] = "PA-", ["initial_shares_authorized"] = "100000000", ["votes_per_share"] = "1", ["seniority"] = "2", ["price_per_share"] = Money("1.00") });
        var vesting = JsonNode.Parse("""
            {"object_type":"VESTING_TERMS","id":"vt","name":"4y/1y","description":"cliff then monthly","allocation_type":"CUMULATIVE_ROUNDING","vesting_conditions":[
             {"id":"start","quantity":"0","trigger":{"type":"VESTING_START_DATE"},"next_condition_ids":["cliff"]},
             {"id":"cliff","portion":{"numerator":"12","denominator":"48"},"trigger":{"type":"VESTING_SCHEDULE_RELATIVE","period":{"length":12,"type":"MONTHS","occurrences":1,"day_of_month":"VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"},"relative_to_condition_id":"start"},"next_condition_ids":["monthly"]},
             {"id":"monthly","portion":{"numerator":"1","denominator":"48"},"trigger":{"type":"VESTING_SCHEDULE_RELATIVE","period":{"length":1,"type":"MONTHS","occurrences":36,"day_of_month":"VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"},"relative_to_condition_id":"cliff"},"next_condition_ids":[]}]}
            """)!;
        return new Dictionary<string, byte[]>
        {
            ["Manifest.ocf.json"] = Bytes(manifest),
            ["Stakeholders.ocf.json"] = Bytes(File("OCF_STAKEHOLDERS_FILE", sh)),
            ["StockClasses.ocf.json"] = Bytes(File("OCF_STOCK_CLASSES_FILE", classes)),
            ["StockPlans.ocf.json"] = Bytes(File("OCF_STOCK_PLANS_FILE", new JsonArray(new JsonObject { ["object_type"] = "STOCK_PLAN", ["id"] = "plan", ["plan_name"] = "Plan", ["initial_shares_reserved"] = "1000000000", ["stock_class_id"] = "cs" }))),
            ["StockLegends.ocf.json"] = Bytes(File("OCF_STOCK_LEGEND_TEMPLATES_FILE", new JsonArray(new JsonObject { ["object_type"] = "STOCK_LEGEND_TEMPLATE", ["id"] = "leg", ["name"] = "Legend", ["text"] = "NOT REGISTERED." }))),
            ["VestingTerms.ocf.json"] = Bytes(File("OCF_VESTING_TERMS_FILE", new JsonArray(vesting))),
            ["Transactions.ocf.json"] = Bytes(File("OCF_TRANSACTIONS_FILE", txs)),
        };

        static JsonArray Entry(string name) => new(new JsonObject { ["filepath"] = "./" + name, ["md5"] = "00000000000000000000000000000000" });
        static JsonObject File(string type, JsonArray items) => new() { ["file_type"] = type, ["items"] = items };
        static byte[] Bytes(JsonNode n) => Encoding.UTF8.GetBytes(n.ToJsonString());
    }
}

/// <summary>Per-object schema validation: one evaluation per item with full output (naive) vs a flag pass first, in parallel.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class OcfValidationBenchmarks
{
    private Dictionary<string, byte[]> _package = null!;
    private OcfPackage _read = null!;

    [Params(20_000)]
    public int Transactions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _package = OcfPackageGenerator.Generate(1_000, Transactions);
        _read = OcfPackageReader.Read("bench", _package, lenient: false, [])!;
    }

    [Benchmark(Baseline = true)]
    public int Naive_SequentialFullOutput()
    {
        var n = 0;
        foreach (var item in _read.Items)
        {
            var schema = OcfSchemas.ForObjectType(item.ObjectType)!;
            var r = schema.Evaluate(item.Json, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.Hierarchical });
            if (r.IsValid) n++;
        }

        return n;
    }

    [Benchmark]
    public int ReadAndValidate_Parallel() => OcfPackageReader.Read("bench", _package, lenient: false, [])!.Items.Count;
}

/// <summary>
/// The acceptance scale: 10,000 stakeholders and 200,000 transactions. Import = read, validate every object, map
/// and fold; export = write every object and the manifest. One cold iteration each (the target is wall time).
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class OcfScaleBenchmarks
{
    private Dictionary<string, byte[]> _package = null!;
    private OcfImportResult _imported = null!;
    private IReadOnlyList<RecordedEvent> _recorded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _package = OcfPackageGenerator.Generate(10_000, 200_000);
        _imported = OcfImporter.Import(_package, new OcfImportOptions());
        if (!_imported.Ok) throw new InvalidOperationException(string.Join("\n", _imported.Errors.Take(5)));
        _recorded = _imported.Events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToArray();
    }

    /// <summary>Baseline: folding the already-mapped events alone (no reading, no validation, no mapping).</summary>
    [Benchmark(Baseline = true)]
    public long FoldOnly() => Fold.Replay(_recorded).EventCount;

    [Benchmark]
    public int Import_200k() => OcfImporter.Import(_package, new OcfImportOptions()).Events.Count;

    [Benchmark]
    public int Export_200k() => OcfExporter.Export(_recorded, _imported.CapTable!, DateTimeOffset.UnixEpoch).Files.Count;

    [Benchmark]
    public int ExportAndValidate_200k() => OcfExporter.Validate(OcfExporter.Export(_recorded, _imported.CapTable!, DateTimeOffset.UnixEpoch)).Count;
}
