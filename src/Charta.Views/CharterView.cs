using Charta.Core.Charter;

namespace Charta.Views;

/// <summary>The `charter show` rendering: the terms a reader checks first, each with its clause.</summary>
public sealed record CharterView(
    string Id,
    string Company,
    string? Document,
    CharterView.AuthorizedView Authorized,
    IReadOnlyList<CharterView.SeriesView> Series,
    CharterView.AutomaticConversionView? AutomaticConversion,
    IReadOnlyList<CharterView.ResetView> ConversionPriceResets,
    CharterView.AntiDilutionView? AntiDilution,
    IReadOnlyList<CharterView.ProvisionView> ProtectiveProvisions,
    CharterView.VotingView? Voting,
    DirectorTerms? Directors,
    NoticeTerms? Notices)
{
    public sealed record AuthorizedView(long Total, long Common, long Preferred, decimal? CommonParValue, decimal? PreferredParValue, string Clause);

    public sealed record SeriesView(
        string Id, string Name, decimal OriginalIssuePrice, decimal ConversionPrice, long FixedShares, decimal DividendRate,
        string DividendKind, decimal LiquidationMultiple, int Seniority, string Participation, decimal? IpoPriceMultiple,
        IReadOnlyDictionary<string, string> Clauses);

    public sealed record AutomaticConversionView(decimal? MinimumAggregateProceeds, string? ProceedsComparison, IReadOnlyList<string> ExcludedRegistrations,
        string? PriceTestReading, string? PreferredVoteFraction, string? PreferredVoteBase, string Clause);

    public sealed record ResetView(string Series, string Anchor, IReadOnlyList<ResetWindow> Windows, string Clause);

    public sealed record AntiDilutionView(string Method, string Rounding, IReadOnlyList<string> AppliesTo, string? OriginalIssueDateSeries,
        int? ShortOptionDays, IReadOnlyList<Exclusion> Exclusions, string Clause);

    public sealed record ProvisionView(string Id, string Matter, string Base, string Fraction, string Comparison, string Clause);

    public sealed record VotingView(long CommonVotesPerShare, string PreferredBasis, string Rounding, string Midpoint, string Clause);

    /// <summary>One class of common: its authorized number and votes a share (with one class, authorized.common and the common's votes).</summary>
    public sealed record CommonClassView(string Id, string Name, long Authorized, long VotesPerShare, string? AuthorizedClause, string? VotesClause);

    /// <summary>Every class of common, in charter order (one on a one-class charter).</summary>
    public IReadOnlyList<CommonClassView> CommonClasses { get; init; } = [];

    /// <summary>The class of common the preferred converts into.</summary>
    public string? ConvertsInto { get; init; }

    public static CharterView From(CharterDocument c) => new(
        c.Id, c.Company, c.Document,
        new AuthorizedView(c.Authorized.Total.Value, c.Authorized.Common.Value, c.Authorized.Preferred.Value,
            c.Authorized.CommonParValue?.Value, c.Authorized.PreferredParValue?.Value, c.Authorized.Total.Clause),
        c.Series.Select(s => new SeriesView(
            s.Id, s.Name, s.OriginalIssuePrice.Value, s.InitialConversionPrice.Value, s.FixedShares.Value, s.Dividend.RatePerShare,
            s.Dividend.Kind, s.Liquidation.Multiple, s.Liquidation.Seniority, s.Liquidation.Participation.Kind, s.IpoPriceMultiple?.Value,
            new Dictionary<string, string>
            {
                ["fixedShares"] = s.FixedShares.Clause,
                ["originalIssuePrice"] = s.OriginalIssuePrice.Clause,
                ["conversionPrice"] = s.InitialConversionPrice.Clause,
                ["dividend"] = s.Dividend.Clause,
                ["liquidation"] = s.Liquidation.Clause,
                ["ipoPriceMultiple"] = s.IpoPriceMultiple?.Clause ?? "",
            })).ToArray(),
        c.AutomaticConversion is { } ac
            ? new AutomaticConversionView(ac.PublicOffering?.MinimumAggregateProceeds.Value, ac.PublicOffering?.MinimumAggregateProceeds.Comparison,
                ac.PublicOffering?.ExcludedRegistrations ?? [], ac.PublicOffering?.PriceTestReading, ac.PreferredVote?.Fraction, ac.PreferredVote?.Base,
                ac.PublicOffering?.Clause ?? ac.PreferredVote?.Clause ?? "")
            : null,
        c.ConversionPriceResets.Select(r => new ResetView(r.Series, r.Anchor, r.Windows, r.Clause)).ToArray(),
        c.AntiDilution is { } ad
            ? new AntiDilutionView(ad.Method, ad.Rounding, ad.AppliesTo, ad.OriginalIssueDate?.Series, ad.ShortOptionDays?.Value, ad.Exclusions, ad.Clause)
            : null,
        c.ProtectiveProvisions.Select(p => new ProvisionView(p.Id, p.Matter, p.Base, p.Fraction, p.Comparison, p.Clause)).ToArray(),
        c.Voting is { } v ? new VotingView(v.CommonVotesPerShare ?? c.Common.VotesPerShare?.Value ?? 1, v.PreferredBasis, v.Rounding, v.Midpoint, v.Clause) : null,
        c.Directors,
        c.Notices)
    {
        CommonClasses = c.CommonClasses.Select(k => new CommonClassView(k.Id, k.Name,
            c.HasSeveralCommonClasses ? k.Authorized!.Value : c.Authorized.Common.Value, c.VotesPerShareOf(k.Id),
            c.HasSeveralCommonClasses ? k.Authorized!.Clause : c.Authorized.Common.Clause,
            k.VotesPerShare?.Clause ?? c.Voting?.Clause)).ToArray(),
        ConvertsInto = c.ConversionCommonId,
    };
}
