#Requires -Version 7.2
<#
.SYNOPSIS
    Demo of Invoke-EcsExec without the session-manager-plugin, against the local exec test server.

.DESCRIPTION
    Starts the exec test server in console mode (`dotnet run --project tests/EcsAdmin.ExecTestServer -- --port 0
    --upstream <moto>`): it answers ECS ExecuteCommand and SSM TerminateSession, runs the data channel with a
    local /bin/sh as the "container", and forwards every other ECS call to moto. Points AWS_ENDPOINT_URL_ECS and
    AWS_ENDPOINT_URL_SSM at it, runs two commands with Invoke-EcsExec, prints the results, and always stops the
    server and restores the two variables.

    Called by the tour (tools/demo.ps1) with -MotoUrl after it created the cluster 'demo'; run alone, it starts
    moto and fake credentials itself:
        dotnet pwsh -NoProfile ./tools/demo-exec.ps1
#>
[CmdletBinding()]
param(
    # moto_server's URL (the tour's); when left out, a moto_server is started for this demo.
    [string] $MotoUrl,
    # The cluster to exec into (created in moto when missing).
    [string] $Cluster = 'demo',
    # The built manifest; default: $env:EcsAdminTestModulePath or out/EcsAdmin/<version>/EcsAdmin.psd1.
    [string] $ModulePath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'

Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
if ($ModulePath) { $env:EcsAdminTestModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath }

$ownMoto = $null
$envSnapshot = $null
$server = $null
$saved = @{ AWS_ENDPOINT_URL_ECS = $env:AWS_ENDPOINT_URL_ECS; AWS_ENDPOINT_URL_SSM = $env:AWS_ENDPOINT_URL_SSM }
$failed = $false
$calledByTour = [bool] $MotoUrl
try {
    if (-not $MotoUrl) {
        $ownMoto = Start-MotoServer
        $MotoUrl = $ownMoto.Url
        $envSnapshot = Set-FakeAwsEnvironment -EndpointUrl $MotoUrl -Region 'us-east-1'
    }
    Import-EcsAdminUnderTest
    if (-not (Get-EcsCluster -Name $Cluster -ErrorAction SilentlyContinue)) { $null = New-EcsCluster -Name $Cluster }

    $server = Start-ExecTestServer -Upstream $MotoUrl
    Write-Host "exec test server: $($server.Url) (ExecuteCommand, TerminateSession, data channel; other ECS calls go to $MotoUrl)"
    $env:AWS_ENDPOINT_URL_ECS = $server.Url
    $env:AWS_ENDPOINT_URL_SSM = $server.Url
    $taskId = '0f2b8a3c9d4e4f5a8b6c7d8e9f0a1b2c'

    Write-Host ''
    Write-Host "PS> Invoke-EcsExec -Cluster $Cluster -Task $taskId -Command 'cat /etc/os-release'"
    $r1 = Invoke-EcsExec -Cluster $Cluster -Task $taskId -Command 'cat /etc/os-release' -Confirm:$false
    $r1 | Format-List TaskId, Container, Command, ExitCode, Duration, SessionId | Out-Host
    Write-Host $r1.Output

    Write-Host "PS> Invoke-EcsExec -Cluster $Cluster -Task $taskId -Command 'echo about to fail; exit 3'"
    $r2 = Invoke-EcsExec -Cluster $Cluster -Task $taskId -Command 'echo about to fail; exit 3' -Confirm:$false
    $r2 | Out-Host

    if ($r1.ExitCode -ne 0 -or -not $r1.Output) { throw "cat /etc/os-release: expected output and exit code 0, got $($r1.ExitCode)" }
    if ($r2.ExitCode -ne 3) { throw "exit 3: expected exit code 3, got $($r2.ExitCode)" }
    Write-Host 'exec demo: exit codes 0 and 3 came back as expected'
} catch {
    $failed = $true
    Write-Host "!! exec demo failed: $($_.Exception.Message)"
} finally {
    Stop-ExecTestServer $server
    foreach ($k in $saved.Keys) {
        if ($null -eq $saved[$k]) { Remove-Item -LiteralPath "Env:$k" -ErrorAction SilentlyContinue }
        else { Set-Item -LiteralPath "Env:$k" -Value $saved[$k] }
    }
    if ($ownMoto) {
        Stop-MotoServer $ownMoto
        Restore-AwsEnvironment $envSnapshot
    }
}
if ($failed) {
    # Called by the tour: fail the step (the tour reports it and goes on). Run alone: a failing exit code.
    if ($calledByTour) { throw 'exec demo failed' }
    exit 1
}
