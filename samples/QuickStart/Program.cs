// QuickStart: one CertCentral client, the three calls, and what a failed call tells you. Run it with
//   CERTCENTRAL_API_KEY=... dotnet run --project samples/QuickStart -- [orderId] [keyId] [organizationId]
// and CERTCENTRAL_BASE_URL=http://127.0.0.1:PORT/services/v2 to call the recordings sandbox instead
// (certcentral-sandbox serve; any key works there: try the IDs 12345 184 112233, or order 404).
using DigiCert.CertCentral;

var apiKey = Environment.GetEnvironmentVariable("CERTCENTRAL_API_KEY");
var baseUrl = Environment.GetEnvironmentVariable("CERTCENTRAL_BASE_URL");
if (string.IsNullOrWhiteSpace(apiKey) || args.Length > 3 || !args.All(arg => long.TryParse(arg, out _)))
{
    Console.Error.WriteLine("usage: CERTCENTRAL_API_KEY=... [CERTCENTRAL_BASE_URL=...] QuickStart [orderId] [keyId] [organizationId]");
    return 2;
}

var ids = args.Select(long.Parse).Concat(new long[] { 12345, 184, 112233 }.Skip(args.Length)).ToArray();
long orderId = ids[0], keyId = ids[1], organizationId = ids[2];

#region snippet:create-client
// One client per API key, created once and reused: it is thread-safe and keeps its connections.
using var client = new CertCentralClient(new CertCentralClientOptions
{
    ApiKey = apiKey,                         // e.g. from Environment.GetEnvironmentVariable("CERTCENTRAL_API_KEY")
    Region = CertCentralRegion.UnitedStates, // or Europe
    BaseUri = baseUrl is null ? null : new Uri(baseUrl), // a proxy or the sandbox, instead of the region's URL
});
#endregion

#region snippet:first-calls
try
{
    var duplicates = await client.ListDuplicateCertificatesAsync(orderId);
    foreach (var certificate in duplicates.Certificates)
    {
        // Status is an open set: a value DigiCert adds later is kept (IsKnown is false), not rejected.
        Console.WriteLine($"certificate {certificate.CommonName}: {certificate.Status}, valid till {certificate.ValidTill?.ToString("yyyy-MM-dd") ?? "-"}");
    }

    // ...WithResponseAsync also gives the HTTP status and headers (X-Request-Id for a support ticket).
    var key = await client.GetKeyInfoWithResponseAsync(keyId);
    Console.WriteLine($"key {key.Value.Name}: {key.Value.Status}, HTTP {key.Status}, request {key.RequestId ?? "(none)"}");

    var validations = await client.GetOrganizationValidationsAsync(organizationId);
    foreach (var validation in validations.Validations)
    {
        Console.WriteLine($"validation {validation.Type}: {validation.Status}, validated until {validation.ValidatedUntil?.ToString("yyyy-MM-dd") ?? "-"}");
    }
}
catch (CertCentralException e) when (e.Errors.Any(error => error.BaseCode == "not_found"))
{
    // DigiCert's codes carry a suffix (not_found|order): compare BaseCode, read Subject.
    Console.Error.WriteLine($"not found: {e.Errors[0].Subject} (HTTP {e.Status})");
    return 1;
}
catch (CertCentralException e)
{
    // Status 0 means no response arrived. The message never contains the API key.
    Console.Error.WriteLine($"CertCentral failed: HTTP {e.Status}, {e.ErrorCode ?? "no error code"}, after {e.Attempts} attempt(s): {e.Message}");
    return 1;
}
catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
{
    Console.Error.WriteLine($"timed out: {e.Message}"); // AttemptTimeout (100 s) or OverallTimeout (5 min)
    return 1;
}
#endregion

return 0;
