using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Charta.Server;

/// <summary>
/// Two ways in: an API token in <c>Authorization: Bearer charta_…</c> (scripts), or the cookie the sign-in page sets
/// from the same token (browsers; HttpOnly, SameSite=Strict). The "charta" scheme picks one per request.
/// </summary>
public static class Auth
{
    public const string Scheme = "charta";
    public const string TokenScheme = "token";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string WritePolicy = "write";
    public const string CookieName = "charta.session";

    public static bool IsApi(HttpRequest r) => r.Path.StartsWithSegments("/api", StringComparison.Ordinal);
}

/// <summary>Authenticates a bearer token against the <see cref="UserStore"/>.</summary>
public sealed class TokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserStore users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return Task.FromResult(AuthenticateResult.NoResult());
        var user = users.Verify(header["Bearer ".Length..].Trim());
        return Task.FromResult(user is null
            ? AuthenticateResult.Fail("unknown or revoked token")
            : AuthenticateResult.Success(new AuthenticationTicket(Access.Principal(user, Scheme.Name), Scheme.Name)));
    }
}
