using Charta.Core.Charter;
using Charta.Core.Covenants;

namespace Charta.Core.Voting;

/// <summary>One holder's vote on one matter.</summary>
public sealed record Ballot(string Holder, string Vote)
{
    public const string For = "for";
    public const string Against = "against";
    public const string Abstain = "abstain";
}

/// <summary>For, against and abstaining on one base.</summary>
public sealed record BaseTally(string Base, long Whole, long For, long Against, long Abstain, long NotVoting);

/// <summary>The result of a vote on a matter: the counts on every base and each approval the matter needs.</summary>
public sealed record TallyResult(string Matter, DateOnly? RecordDate, IReadOnlyList<BaseTally> Counts, IReadOnlyList<ApprovalOutcome> Approvals)
{
    /// <summary>Carried when every approval the charter requires (and that applies) is met; law-only entries are not decided here.</summary>
    public bool Carried => Approvals.All(a => a.Met != false);
}

/// <summary>
/// Counts ballots on a matter (FOURTH §7(a) votes at the record date) and applies the thresholds of
/// <see cref="Approvals.Required"/>. A holder voting "for" consents with all their shares and votes; abstentions and
/// holders who do not vote count against an approval measured on shares or votes outstanding.
/// </summary>
public static class Tally
{
    public static Result<TallyResult> Run(CharterDocument charter, VoteCount votes, ProposedAction matter, IReadOnlyList<Ballot> ballots)
    {
        var required = Approvals.Required(charter, votes, matter);
        if (!required.IsOk) return required.Refusal!;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sums = new long[3, 3]; // [base, for/against/abstain]
        var consents = new List<Consent>();
        foreach (var b in ballots)
        {
            if (!seen.Add(b.Holder)) return new Refusal("ballots", b.Holder, "votes more than once on the matter");
            var h = votes.Find(b.Holder);
            if (h is null) return new Refusal("ballots", b.Holder, "holds no shares at the record date, so has no vote", Clause.Of(votes.Clause));
            var k = b.Vote switch { Ballot.For => 0, Ballot.Against => 1, Ballot.Abstain => 2, _ => -1 };
            if (k < 0) return new Refusal("ballots", $"{b.Holder}: {b.Vote}", "a vote must be for, against or abstain");
            sums[0, k] += h.Total;
            sums[1, k] += h.PreferredShares;
            sums[2, k] += h.PreferredVotes;
            if (k == 0) consents.Add(new Consent(b.Holder));
        }

        var evaluated = Approvals.Evaluate(required.Value, votes, consents);
        if (!evaluated.IsOk) return evaluated.Refusal!;

        BaseTally Line(int i, string name)
        {
            var whole = Approvals.WholeOf(votes, name);
            return new BaseTally(name, whole, sums[i, 0], sums[i, 1], sums[i, 2], whole - sums[i, 0] - sums[i, 1] - sums[i, 2]);
        }

        return new TallyResult(matter.Action, votes.RecordDate,
            [Line(0, ApprovalBase.AllVotes), Line(1, ApprovalBase.PreferredShares), Line(2, ApprovalBase.PreferredVotingPower)],
            evaluated.Value);
    }
}
