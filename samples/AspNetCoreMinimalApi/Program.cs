// AspNetCoreMinimalApi: two named CertCentral clients (a US and an EU account) configured from
// appsettings.json, an endpoint that calls CertCentral and returns JSON, failures as ProblemDetails.
// Keys come from configuration outside the repository (user secrets, environment variables):
//   CertCentral__US__ApiKey=... CertCentral__EU__ApiKey=... dotnet run --project samples/AspNetCoreMinimalApi
// then GET /accounts/us/orders/12345/duplicates. Against the recordings sandbox, also set
// CertCentral__US__BaseUri and CertCentral__EU__BaseUri to its base URL (any key works there).
using DigiCert.CertCentral;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

var builder = WebApplication.CreateBuilder(args);

#region snippet:named-clients
// One named client per account, bound from its section of configuration: ApiKey, Region or
// BaseUri, RateLimits (limits listed there replace CertCentral's defaults), retries, timeouts.
// Options are validated when the app starts; the container's logging is used.
foreach (var account in CertCentralAccounts.Names)
{
    builder.Services.AddCertCentralClient(account, options => builder.Configuration.GetSection($"CertCentral:{account}").Bind(options));
}
#endregion

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<CertCentralProblemHandler>();

var app = builder.Build();
app.UseExceptionHandler();

#region snippet:endpoint
app.MapGet("/accounts/{account}/orders/{orderId:long}/duplicates", async (string account, long orderId, ICertCentralClientFactory certCentral, CancellationToken cancellationToken) =>
{
    var name = CertCentralAccounts.Names.FirstOrDefault(n => n.Equals(account, StringComparison.OrdinalIgnoreCase));
    if (name is null) return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No account '{account}'.");

    var client = certCentral.GetClient(name);
    var duplicates = await client.ListDuplicateCertificatesAsync(orderId, cancellationToken: cancellationToken);
    return Results.Ok(new
    {
        Account = name,
        Instance = client.BaseUri.Authority, // which CertCentral answered
        Certificates = duplicates.Certificates.Select(c => new { c.Id, c.CommonName, Status = c.Status.Value, c.ValidTill }),
    });
});
#endregion

app.Run();

/// <summary>The accounts this app calls, each a section of configuration under "CertCentral".</summary>
internal static class CertCentralAccounts
{
    public static readonly string[] Names = ["US", "EU"];
}

#region snippet:problem-details
/// <summary>CertCentral's failures as ProblemDetails: the caller learns what failed, never the API key.</summary>
internal sealed class CertCentralProblemHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not CertCentralException failure) return ValueTask.FromResult(false);

        context.Response.StatusCode = failure.Status switch
        {
            404 => StatusCodes.Status404NotFound,                               // the order does not exist
            _ when failure.IsTransient => StatusCodes.Status503ServiceUnavailable, // still failing after the client's retries (429, 5xx, no response)
            _ => StatusCodes.Status502BadGateway,                                // e.g. the key lacks a permission (403)
        };
        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = context.Response.StatusCode,
                Title = "CertCentral could not answer the request.",
                Detail = failure.Errors.FirstOrDefault()?.Message,
                Extensions = { ["certCentralStatus"] = failure.Status, ["errorCode"] = failure.ErrorCode },
            },
        });
    }
}
#endregion
