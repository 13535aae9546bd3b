using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// A caller from another machine (see <see cref="InProcessDashboard.RemoteIpHeader"/>) against a dashboard started with
/// <see cref="Access"/>: anonymous, as its basic-auth user, or with its named API key. For tests of who a change is
/// recorded as.
/// </summary>
public static class RemoteCaller
{
    public const string User = "ops";
    public const string Password = "s3cret!";
    public const string ApiKey = "key-123";
    public const string ApiKeyName = "deploy-bot";

    /// <summary>Dashboard settings with a basic-auth user and a named API key.</summary>
    public static Dictionary<string, string?> Access() => new()
    {
        ["Scheduler:Dashboard:Access:Username"] = User,
        ["Scheduler:Dashboard:Access:Password"] = Password,
        ["Scheduler:Dashboard:Access:ApiKey"] = ApiKey,
        ["Scheduler:Dashboard:Access:ApiKeyName"] = ApiKeyName,
    };

    public static HttpRequestMessage Anonymous(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(InProcessDashboard.RemoteIpHeader, "203.0.113.7");
        return request;
    }

    public static HttpRequestMessage AsUser(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = Anonymous(method, path, content);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        return request;
    }

    public static HttpRequestMessage WithKey(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = Anonymous(method, path, content);
        request.Headers.Add("X-Api-Key", ApiKey);
        return request;
    }

    /// <summary>
    /// A POST to Hangfire's dashboard as its page script sends it, as the basic-auth user: the antiforgery token of a
    /// page from the same mount (its cookie rides in the client) and the form of job ids.
    /// </summary>
    public static async Task<HttpResponseMessage> PostOnHangfirePageAsync(InProcessDashboard dashboard, string path, params string[] jobIds)
    {
        // The token's cookie is scoped to the mount the page was served from.
        var mount = path.StartsWith("/hangfire/", StringComparison.Ordinal) ? "/hangfire" : "";
        var page = await (await dashboard.Http.SendAsync(AsUser(HttpMethod.Get, mount + "/jobs/enqueued"))).Content.ReadAsStringAsync();
        var header = Regex.Match(page, "<meta name=\"csrf-header\" content=\"([^\"]+)\"");
        var token = Regex.Match(page, "<meta name=\"csrf-token\" content=\"([^\"]+)\"");
        Assert.True(header.Success && token.Success, "no antiforgery token on Hangfire's page");
        var post = AsUser(HttpMethod.Post, path);
        post.Headers.Add(WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
        post.Content = new FormUrlEncodedContent(jobIds.Select(id => new KeyValuePair<string, string>("jobs[]", id)));
        return await dashboard.Http.SendAsync(post);
    }
}
