using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// Trusts a Redis server certificate issued by a private CA, as <see cref="ConfigurationOptions.TrustIssuer(string)"/>
/// does, and keeps why one was refused: the handshake's own error only says the callback refused it, which reads the
/// same for a wrong CA file as for a certificate naming another host.
/// </summary>
internal static class PrivateCaTrust
{
    private static readonly ConditionalWeakTable<ConfigurationOptions, StrongBox<string?>> Refusals = new();
    private static volatile string? _lastRefusal;

    /// <summary>Why this process last refused a Redis server's certificate (a server process has one Redis); null when it has not.</summary>
    public static string? LastRefusal => _lastRefusal;

    /// <summary>Why a connection made with <paramref name="options"/> last refused the server's certificate; null when it did not.</summary>
    public static string? RefusalFor(ConfigurationOptions options) => Refusals.TryGetValue(options, out var box) ? box.Value : null;

    public static void Trust(ConfigurationOptions options, string caPath)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
        var box = Refusals.GetValue(options, _ => new StrongBox<string?>());
        options.CertificateValidation += (_, certificate, _, errors) =>
        {
            var (trusted, refusal) = Judge(ca, caPath, certificate, errors);
            box.Value = refusal;
            if (refusal is not null) _lastRefusal = refusal;
            return trusted;
        };
    }

    private static (bool Trusted, string? Refusal) Judge(X509Certificate2 ca, string caPath, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null) return (false, "the server sent no certificate");
        using var presented = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(presented))
            return (false, $"its certificate \"{presented.Subject}\" (issued by \"{presented.Issuer}\") does not chain to the CA in {caPath}: "
                + string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct()));
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return (false, $"its certificate \"{presented.Subject}\" does not name the host connected to: set sslHost=<a name the certificate holds>");
        return (true, null);
    }
}
