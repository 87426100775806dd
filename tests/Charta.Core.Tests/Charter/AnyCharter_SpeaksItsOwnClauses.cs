using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Charta.Core.Charter;
using Charta.Core.Liquidation;
using Charta.Core.Notices;

namespace Charta.Core.Tests.Charter;

/// <summary>
/// Every rule cites its clause from the charter in use: no "FOURTH §…" citation literal (or "SEVENTH") in the domain
/// (the ledger fold included), the CLI, the documents, the views, the server or the OCF adapter. A rule the charter model carries no term for is cited by the charter's clause
/// look-up (<see cref="ClauseLookup"/>) from a clause the charter names. The allow-list is empty.
/// </summary>
public partial class AnyCharter_SpeaksItsOwnClauses
{
    private static readonly string[] AllowedFolders = [];

    [GeneratedRegex("\"FOURTH §|(=|\\(|\\?\\?)\\s*\"SEVENTH\"")]
    private static partial Regex CitationLiteral();

    [Fact]
    public void NoFourthCitationLiteral_InCoreCliDocumentsServerOrOcf_TheLedgerFoldIncluded()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var project in new[] { "Charta.Core", "Charta.Cli", "Charta.Documents", "Charta.Views", "Charta.Server", "Charta.Ocf" }.Select(p => Path.Combine("src", p)))
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            if (AllowedFolders.Any(a => relative.StartsWith(a, StringComparison.Ordinal))) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal)) continue;
                if (CitationLiteral().IsMatch(code)) offenders.Add($"{relative}:{i + 1}: {code}");
                // A sentence shown to the user (printed, a help text, a document, an API summary) cites the charter in
                // use, never Juniper's numbering inside its text.
                else if (code.Contains("FOURTH §", StringComparison.Ordinal) && !code.StartsWith("///", StringComparison.Ordinal))
                    offenders.Add($"{relative}:{i + 1}: {code}");
            }
        }

        Assert.True(offenders.Count == 0, "citation literals (take the clause from the charter):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheScan_FindsALiteral_WhenThereIsOne()
    {
        // The scan itself can fail: the pattern matches a citation literal and not a clause read from the charter.
        Assert.Matches(CitationLiteral(), "var c = \"FOURTH §6(d)(iv)\";");
        Assert.Matches(CitationLiteral(), "Clause = \"SEVENTH\";");
        Assert.DoesNotMatch(CitationLiteral(), "var c = charter.AntiDilution.Clause;");
    }

    // A charter silent on a term gets no Juniper number: the verb refuses, naming the term.
    private static readonly CharterDocument Juniper = CharterLoader.Default;
    private static readonly DateOnly Closing = new(2026, 3, 20);

    [Fact]
    public void SilentOnTheValuationWindow_NoThirtyDaysThreeDaysBefore()
    {
        var silent = Juniper with { Liquidation = Juniper.Liquidation! with { NonCashValuation = null } };
        var r = DeemedLiquidation.Value(silent, new SecurityConsideration("Acquirer", 10, MarketKind.Exchange, [new DailyPrice(Closing.AddDays(-3), 1m)]), Closing);
        Assert.False(r.IsOk);
        Assert.Contains("liquidation.nonCashValuation", r.Refusal!.Reason);
    }

    [Fact]
    public void SilentOnTheRetentionThreshold_NoOneHalf()
    {
        var silent = Juniper with { Liquidation = Juniper.Liquidation! with { DeemedLiquidation = null } };
        var r = DeemedLiquidation.Retention(silent, 40m);
        Assert.False(r.IsOk);
        Assert.Contains("retainedVotingEquity", r.Refusal!.Reason);
    }

    [Fact]
    public void SilentOnMergerNotices_NoTenOrTwoDays()
    {
        var silent = Juniper with { Notices = Juniper.Notices! with { DeemedLiquidation = null } };
        var r = DeemedLiquidationNotices.Check(silent, Closing, null, Closing.AddDays(-20), [], false);
        Assert.False(r.IsOk);
        Assert.Contains("notices.deemedLiquidation", r.Refusal!.Reason);
    }

    [Fact]
    public void SilentOnRecordDateNotices_NoTenDays_AndSilentOnMailing_NoThreeDays()
    {
        Assert.False(RecordDateNotices.For(Juniper with { Notices = null }, Closing).IsOk);
        var noMail = RecordDateNotices.For(Juniper with { Notices = Juniper.Notices! with { Mailing = null } }, Closing).Value;
        // 10 days before 2026-03-20, with no mailing rule: mail by 2026-03-10 (not 03-07).
        Assert.Equal(new DateOnly(2026, 3, 10), noMail.LastMailingDay);
    }

    // The clause look-up: Juniper's text has the sub-clause, so it is cited; a charter without text gets its own clause.
    [Fact]
    public void TheClauseLookUp_CitesASubClause_OnlyWhenTheCharterTextHasIt()
    {
        // FOURTH §6(d) + (v)(A)(3) is laid out in Juniper's text; §6(e)(i) up one level + (iii) is §6(e)(iii).
        Assert.Equal("FOURTH §6(d)(v)(A)(3)", ClauseLookup.Near(Juniper, Juniper.AntiDilution!.Clause, "(v)(A)(3)"));
        Assert.Equal("FOURTH §6(e)(iii)", ClauseLookup.Near(Juniper, Juniper.Conversion!.SplitAdjustment!.Clause, "(iii)", up: 1));
        // §6(a)(ii)(a) is inline in §6(a)(ii): still cited. §6(d)(ix) does not exist: the charter's own §6(d).
        Assert.Equal("FOURTH §6(a)(ii)(a)", ClauseLookup.Near(Juniper, "FOURTH §6(a)(ii)", "(a)"));
        Assert.Equal("FOURTH §6(d)", ClauseLookup.Near(Juniper, Juniper.AntiDilution!.Clause, "(ix)"));
        // A charter with no legal text: its own clause, never Juniper's numbering; another drafting style as it is given.
        var noText = Juniper with { SourceText = null };
        Assert.Equal("FOURTH §6(d)", ClauseLookup.Near(noText, noText.AntiDilution!.Clause, "(v)(A)(3)"));
        Assert.Equal("Article IV, Part B §4", ClauseLookup.Near(noText, "Article IV, Part B §4", "(v)"));
        Assert.Null(ClauseLookup.Near(noText, null, "(v)"));
    }

    private static string RepositoryRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
