using Charta.Core.Charter;

namespace Charta.Cli.Tests;

/// <summary>
/// Issue 12 ("the goldens run on all the charters"): for every embedded charter, `charter show` and a waterfall with
/// its breakpoints and the cumulative dividends accrued on a small company (a quarter of each series at its Original
/// Issue Price on 2021-06-01, founders' common and an option pool, as of 2022-01-01), each compared with its reviewed golden file Golden/charters/ID-*.txt.
/// </summary>
public sealed class AnyCharterGoldenTests
{
    public static TheoryData<string> EmbeddedIds => new(CharterLoader.EmbeddedIds);

    [Theory]
    [MemberData(nameof(EmbeddedIds))]
    public void CharterShow_Golden(string id)
    {
        using var h = new CliHarness();
        Golden.Match($"charters/{id}-charter-show.txt", h.Ok("charter", "show", "--charter", id));
    }

    [Theory]
    [MemberData(nameof(EmbeddedIds))]
    public void Waterfall_AndBreakpoints_Golden(string id)
    {
        var c = CharterLoader.LoadEmbedded(id);
        using var h = new CliHarness();
        h.Ok("init", "--charter", id, "--incorporated", "2020-01-02");
        foreach (var name in new[] { "Founders", "Investors", "Staff" }) h.Ok("holder", "add", name);
        h.Ok("issue", "--holder", "Founders", "--security", c.Common.Id, "--shares", (c.Authorized.Common.Value / 4).ToString(), "--price", "0.0001", "--date", "2020-01-02");
        foreach (var s in c.Series)
            h.Ok("issue", "--holder", "Investors", "--security", s.Id, "--shares", (s.FixedShares.Value / 4).ToString(),
                "--price", s.OriginalIssuePrice.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "--date", "2021-06-01");
        h.Ok("grant", "--holder", "Staff", "--kind", "option", "--shares", (c.Authorized.Common.Value / 20).ToString(), "--price", "0.10",
            "--date", "2020-02-01", "--exclusion", "employee-plan", "--approval", "Board minutes", "--id", "POOL");
        var exit = c.Series.Sum(s => s.FixedShares.Value / 4 * s.OriginalIssuePrice.Value) * 3;
        Golden.Match($"charters/{id}-waterfall.txt",
            h.Ok("waterfall", "--exit", decimal.Round(exit, 2).ToString(System.Globalization.CultureInfo.InvariantCulture), "--as-of", "2022-01-01", "--explain")
            + h.Ok("breakpoints", "--as-of", "2022-01-01")
            + h.Ok("dividend", "accrued", "--as-of", "2022-01-01"));
    }
}
