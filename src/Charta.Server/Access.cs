using System.Security.Claims;
using Charta.Core.Liquidation;
using Charta.Views;

namespace Charta.Server;

/// <summary>
/// What each role sees. Admin, counsel and viewer see every view whole. A stockholder sees company-level aggregates
/// (classes, totals, breakpoints, conversion prices without the reasons that name holders) and its own holding and
/// payout: every other holder's name and position is cut out here, before a view is rendered as JSON or HTML.
/// </summary>
public static class Access
{
    public const string UserIdClaim = "charta:user";
    public const string HolderClaim = "charta:holder";

    public static ClaimsPrincipal Principal(User u, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, u.Name),
            new(ClaimTypes.Role, UserStore.RoleName(u.Role)),
            new(UserIdClaim, u.Id),
        };
        if (u.Holder is not null) claims.Add(new Claim(HolderClaim, u.Holder));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The signed-in user (the endpoint requires authentication, so one is there).</summary>
    public static User UserOf(ClaimsPrincipal p)
    {
        var role = UserStore.ParseRole(p.FindFirstValue(ClaimTypes.Role) ?? "");
        if (!role.IsOk) throw new InvalidOperationException("an authenticated principal without a Charta role");
        return new User(p.FindFirstValue(UserIdClaim) ?? "", p.Identity?.Name ?? "", role.Value, p.FindFirstValue(HolderClaim));
    }

    public static CapTableView Scope(CapTableView v, User u) => u.Role != Role.Stockholder
        ? v
        : v with
        {
            Holders = [.. v.Holders.Where(h => u.CanSeeHolder(h.Name))],
            Instruments = [.. v.Instruments.Where(i => u.CanSeeHolder(i.Holder))],
        };

    /// <summary>A stockholder's waterfall: every class's aggregate, its own options and payout; no steps (explain is a viewer's tool).</summary>
    public static WaterfallResult Scope(WaterfallResult r, User u) => u.Role != Role.Stockholder
        ? r
        : r with
        {
            Options = [.. r.Options.Where(o => u.CanSeeHolder(o.Holder))],
            Holders = [.. r.Holders.Where(h => u.CanSeeHolder(h.Holder))],
            Steps = [],
        };

    public static bool Explain(bool requested, User u) => requested && u.Role != Role.Stockholder;
}
