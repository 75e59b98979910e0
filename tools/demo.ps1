#Requires -Version 7.2
<#
.SYNOPSIS
    A guided tour of EcsAdmin against a local moto_server (build.ps1 -Task Demo runs it in a fresh pwsh).

.DESCRIPTION
    The harness starts moto_server on a free loopback port with the test helpers, points fake AWS credentials
    and AWS_ENDPOINT_URL at it (your ~/.aws is never read), imports the built module, runs the tour, and always
    stops moto. Add tour steps in the section marked `# --- tour ---`, each through Invoke-TourStep so one
    failing step prints a clear message instead of ending the tour.
#>
[CmdletBinding()]
param(
    # The built manifest; default: $env:EcsAdminTestModulePath or out/EcsAdmin/<version>/EcsAdmin.psd1.
    [string] $ModulePath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'

Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
if ($ModulePath) { $env:EcsAdminTestModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath }

$script:StepFailures = 0
function Invoke-TourStep {
    # Prints the step's title and code, runs it, shows its output; a failure is reported and the tour goes on.
    param([Parameter(Mandatory)] [string] $Title, [Parameter(Mandatory)] [scriptblock] $Script)
    Write-Host ''
    Write-Host "### $Title"
    Write-Host ("PS> " + $Script.ToString().Trim())
    try {
        & $Script | Out-Host
    } catch {
        $script:StepFailures++
        Write-Host "!! step failed: $($_.Exception.Message)"
    }
}

$moto = $null
$envSnapshot = $null
try {
    $moto = Start-MotoServer
    Write-Host "moto_server: $($moto.Url) (log: $($moto.LogPath))"
    $envSnapshot = Set-FakeAwsEnvironment -EndpointUrl $moto.Url -Region 'us-east-1'
    Import-EcsAdminUnderTest
    $m = Get-Module EcsAdmin
    Write-Host "EcsAdmin $($m.Version) from $($m.ModuleBase)"

    # --- tour ---
    Invoke-TourStep 'The session EcsAdmin resolves (fake keys, moto endpoint)' { Get-EcsSession | Format-List }
    Invoke-TourStep 'Create a cluster' { New-EcsCluster -Name demo }
    Invoke-TourStep 'List clusters' { Get-EcsCluster }
    # --- end of tour ---
} finally {
    Stop-MotoServer $moto
    Restore-AwsEnvironment $envSnapshot
}

Write-Host ''
if ($script:StepFailures -gt 0) {
    Write-Host "demo: $($script:StepFailures) step(s) failed"
    exit 1
}
Write-Host 'demo: all steps ran'
