using System.Text.Json;
using Charta.Core.Charter;

namespace Charta.Cli.Tests;

/// <summary>
/// Charters to start from (issue 12, item 3): `charter export`, `charter validate -` and `charter new --template`,
/// and the `validate` refusal that names its file argument.
/// </summary>
public sealed class CharterFilesCliTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    public static TheoryData<string> EmbeddedIds => new(CharterLoader.EmbeddedIds);

    [Theory]
    [MemberData(nameof(EmbeddedIds))]
    public void ExportOfAnEmbeddedCharter_IsTheShippedFile_AndValidateReadsItBackFromStdin(string id)
    {
        var exported = _h.Ok("charter", "export", "--charter", id);
        // The file as shipped, byte for byte (a newline added only if the file has none).
        var shipped = CharterLoader.EmbeddedText(id);
        Assert.Equal(shipped.EndsWith('\n') ? shipped : shipped + "\n", exported);

        var doc = CliContextFree.Load(exported);
        var back = _h.RunWithInput(exported, "charter", "validate", "-");
        Assert.Equal(0, back.ExitCode);
        Assert.Equal($"stdin: valid ({doc.Company}, {doc.Series.Count} preferred series).\n", back.Out);
        Assert.Equal("", back.Err);
    }

    [Fact]
    public void ExportWithoutCharter_OnALedger_WritesTheCharterTheLedgerWasCreatedOn()
    {
        // A ledger created on a file that differs from every embedded charter (another company name).
        var text = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId).Replace("\"Juniper Networks, Inc.\"", "\"Other Co.\"", StringComparison.Ordinal);
        File.WriteAllText(_h.File("other.json"), text);
        _h.Ok("init", "--charter", _h.File("other.json"));

        var exported = _h.Ok("charter", "export");
        Assert.Equal(text.EndsWith('\n') ? text : text + "\n", exported);
        Assert.Contains("\"Other Co.\"", exported, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportWithoutCharterOrLedger_WritesTheDefaultCharter_WithANoteOnStderr()
    {
        var r = _h.Run("charter", "export");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId).TrimEnd('\n') + "\n", r.Out);
        Assert.StartsWith("note: no ledger at ", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportToOut_WritesTheFile_AndRefusesToOverwriteIt()
    {
        var path = _h.File("mine.json");
        Assert.Equal($"Wrote {path}.\n", _h.Ok("charter", "export", "--charter", CharterLoader.DefaultCharterId, "--out", path));
        var written = File.ReadAllText(path);
        Assert.Equal(_h.Ok("charter", "export", "--charter", CharterLoader.DefaultCharterId), written);

        var again = _h.Run("charter", "export", "--charter", CharterLoader.DefaultCharterId, "--out", path);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"error: --out = {path}: already exists; Charta does not overwrite a file: choose another name or remove it first\n", again.Err);
        Assert.Equal(written, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_h.Folder, "mine.json*"));   // no temporary file left behind
    }

    [Fact]
    public void ValidateOfAMissingFile_NamesTheFileArgument_NotACharterOption()
    {
        var path = _h.File("my-charter.json");
        var r = _h.Run("charter", "validate", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: file = {path}: is neither an embedded charter ({string.Join(", ", CharterLoader.EmbeddedIds)}) nor a file\n", r.Err);
        Assert.DoesNotContain("--charter", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateOfAFolder_NamesTheFileArgument()
    {
        var r = _h.Run("charter", "validate", _h.Folder);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"error: file = {_h.Folder}: is a folder", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateFromEmptyStdin_IsRefusedInOneLine()
    {
        var r = _h.RunWithInput("", "charter", "validate", "-");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: file = -: standard input is empty", r.Err, StringComparison.Ordinal);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void ValidateFromStdin_OfBrokenJson_NamesStdinAndTheLine()
    {
        var r = _h.RunWithInput("{\n  \"formatVersion\": 1,\n  oops\n}", "charter", "validate", "-");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: stdin = line 3: is not valid JSON", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void NewNvcaTemplate_IsAValidCharter_ThatInitAccepts()
    {
        var path = _h.File("start.json");
        Assert.Equal($"Wrote {path} (template nvca); edit it, then run 'charta charter validate {path}'.\n",
            _h.Ok("charter", "new", "--template", "nvca", "--out", path));
        Assert.Equal("start: valid (Example Company, Inc., 2 preferred series).\n", _h.Ok("charter", "validate", path));
        Assert.Equal($"Created {_h.DbPath}: Example Company, Inc. on charter my-company.\n", _h.Ok("init", "--charter", path));

        // The ledger's charter is the template as written, notes and all.
        Assert.Equal(File.ReadAllText(path), _h.Ok("charter", "export"));
    }

    [Fact]
    public void NewNvcaTemplate_ToStdout_SaysWhereItComesFrom_AndThatItIsNotLegalAdvice()
    {
        var text = _h.Ok("charter", "new", "--template", "nvca");
        Assert.Equal(0, _h.RunWithInput(text, "charter", "validate", "-").ExitCode);
        using var doc = JsonDocument.Parse(text);
        var notes = string.Join(" ", doc.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.Contains("NOT LEGAL ADVICE", notes, StringComparison.Ordinal);
        Assert.Contains("public venture term menus", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void NewNvcaTemplate_AddsUp_SeriesSeedAndSeriesAInsideTheAuthorizedShares()
    {
        File.WriteAllText(_h.File("t.json"), _h.Ok("charter", "new", "--template", "nvca"));
        using var doc = JsonDocument.Parse(_h.Ok("charter", "show", "--json", "--charter", _h.File("t.json")));
        var series = doc.RootElement.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["Seed", "A"], series.Select(s => s.GetProperty("id").GetString()));
        // Fixed shares 2,000,000 + 3,000,000 = 5,000,000 preferred; with 20,000,000 common, 25,000,000 in total.
        Assert.Equal([2_000_000L, 3_000_000L], series.Select(s => s.GetProperty("fixedShares").GetInt64()));
        var a = doc.RootElement.GetProperty("authorized");
        Assert.Equal((25_000_000L, 20_000_000L, 5_000_000L), (a.GetProperty("total").GetInt64(), a.GetProperty("common").GetInt64(), a.GetProperty("preferred").GetInt64()));
        // Dividend 8% of the Original Issue Price: 0.08 × $0.50 = $0.04; 0.08 × $1.50 = $0.12.
        Assert.Equal(["0.04", "0.12"], series.Select(s => s.GetProperty("dividendRate").GetRawText()));
    }

    [Fact]
    public void OnlyNotesIsADocumentationField_AnyOtherUnknownFieldIsRefused()
    {
        var template = _h.Ok("charter", "new", "--template", "nvca");
        var other = template.Replace("\"notes\": [", "\"comments\": [", StringComparison.Ordinal);
        var r = _h.RunWithInput(other, "charter", "validate", "-");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: stdin/comments = ", r.Err, StringComparison.Ordinal);
        Assert.Contains("not part of the charter format", r.Err, StringComparison.Ordinal);

        // notes must be text: a number there is refused, not ignored.
        var node = System.Text.Json.Nodes.JsonNode.Parse(template)!;
        node["notes"] = 5;
        var badNotes = _h.RunWithInput(node.ToJsonString(), "charter", "validate", "-");
        Assert.StartsWith("error: stdin/notes = 5: fails schema rule 'type'", badNotes.Err, StringComparison.Ordinal);
        Assert.Equal(2, badNotes.ExitCode);
    }

    [Fact]
    public void ALedgerOnTheNvcaTemplate_RunsTheWaterfall_PreferencesShareAShortfallByPreferenceAmount()
    {
        File.WriteAllText(_h.File("t.json"), _h.Ok("charter", "new", "--template", "nvca"));
        _h.Ok("init", "--charter", _h.File("t.json"));
        _h.Ok("holder", "add", "Founder");
        _h.Ok("holder", "add", "Fund");
        _h.Ok("issue", "--holder", "Founder", "--security", "common", "--shares", "8000000", "--price", "0.0001", "--date", "2024-01-02");
        _h.Ok("issue", "--holder", "Fund", "--security", "Seed", "--shares", "2000000", "--price", "0.50", "--date", "2024-03-01");
        _h.Ok("issue", "--holder", "Fund", "--security", "A", "--shares", "3000000", "--price", "1.50", "--date", "2025-03-01");

        // Preferences: Seed 2,000,000 × $0.50 = $1,000,000; A 3,000,000 × $1.50 = $4,500,000; together $5,500,000.
        // At $3,000,000 they share by preference amount (shortfallBasis "preference-amount", §2.1):
        // Seed 3,000,000 × 1/5.5 = 545,454.5454… → $545,454.55; A 3,000,000 × 4.5/5.5 = 2,454,545.4545… → $2,454,545.45.
        var w = _h.Ok("waterfall", "--exit", "3000000");
        Assert.Contains("$545,454.55", w, StringComparison.Ordinal);
        Assert.Contains("$2,454,545.45", w, StringComparison.Ordinal);
        Assert.Contains("Article IV, Part B §2.1", w, StringComparison.Ordinal);

        // Seed converts once common's $/share passes $0.50: (X − 5,500,000) / 8,000,000 = 0.50 → X = $9,500,000.
        // A converts once (X − 4,500,000) / (8,000,000 + 2,000,000) = 1.50 → X = $19,500,000.
        var b = _h.Ok("breakpoints");
        Assert.Contains("$9,500,000.00  Series Seed converts to common", b, StringComparison.Ordinal);
        Assert.Contains("$19,500,000.00  Series A converts to common", b, StringComparison.Ordinal);

        // The IPO floor: Series A's multiple 1 × its conversion price $1.50 = $1.50, read any-series (every series
        // converts when it is met). $1.60 ≥ $1.50: Seed and A convert; $1.00 < $1.50: none does.
        var met = _h.Ok("ipo", "--price", "1.60", "--proceeds", "60000000", "--shares", "5000000", "--filed", "2026-06-01", "--dry-run");
        Assert.Contains("Reading applied: any-series. Converting: Seed, A.", met, StringComparison.Ordinal);
        Assert.Contains("5,000,000 common issued on conversion", met, StringComparison.Ordinal);
        // The template's proceeds rule is "at least" $50,000,000, so the offering's line says so (not "exceed").
        Assert.Contains("proceeds are at least $50,000,000.00", met, StringComparison.Ordinal);
        var small = _h.Ok("ipo", "--price", "1.60", "--proceeds", "49999999.99", "--shares", "5000000", "--filed", "2026-06-01", "--dry-run");
        Assert.Contains("proceeds are less than $50,000,000.00", small, StringComparison.Ordinal);
        var missed = _h.Ok("ipo", "--price", "1.00", "--proceeds", "60000000", "--shares", "5000000", "--filed", "2026-06-01", "--dry-run");
        Assert.DoesNotContain("issued on conversion", missed.Split('\n').First(l => l.Contains("public-offering-closed", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void NewWithAnUnknownTemplate_NamesTheTemplates()
    {
        var r = _h.Run("charter", "new", "--template", "yc");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --template = yc: is not a template; the templates are: nvca\n", r.Err);
    }

    /// <summary>The charter loader, as the tests' independent reading of a document (no CLI).</summary>
    private static class CliContextFree
    {
        public static CharterDocument Load(string json)
        {
            var r = CharterLoader.Load(json);
            Assert.True(r.IsOk, r.IsOk ? "" : r.Refusal?.ToString());
            return r.Value;
        }
    }
}
