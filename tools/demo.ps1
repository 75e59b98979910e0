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
    Invoke-TourStep 'The session EcsAdmin resolves, and where each value came from' { Get-EcsSession | Format-List }
    Invoke-TourStep 'Create a Fargate cluster that prefers Spot (one task always on regular Fargate)' {
        New-EcsCluster -Name demo -CapacityProvider FARGATE, FARGATE_SPOT -ContainerInsights enabled -Tag @{ env = 'demo' } `
            -DefaultCapacityProviderStrategy @{ CapacityProvider = 'FARGATE_SPOT'; Weight = 4 }, @{ CapacityProvider = 'FARGATE'; Weight = 1; Base = 1 }
    }
    Invoke-TourStep 'Two more clusters, then list by wildcard' {
        'pr-101', 'pr-102' | New-EcsCluster | Out-Null
        Get-EcsCluster
    }
    Invoke-TourStep 'Preview, then remove, the pull-request clusters' {
        Get-EcsCluster 'pr-*' | Remove-EcsCluster -WhatIf
        Get-EcsCluster 'pr-*' | Remove-EcsCluster -Force -PassThru
    }
    Invoke-TourStep 'Register a web task definition from parameters' {
        Register-EcsTaskDefinition -Family web -Image public.ecr.aws/nginx/nginx:1.27 -Port 80 -Cpu 512 -Memory 1GB -LogGroup /ecs/web
    }
    Invoke-TourStep 'A size Fargate does not offer is refused before any request' {
        Register-EcsTaskDefinition -Family web -Image nginx -Cpu 256 -Memory 4096 -ErrorAction Continue 2>&1 | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
    }
    Invoke-TourStep 'Register from a hashtable (the same fields as aws ecs register-task-definition --cli-input-json)' {
        @{ family = 'worker'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '1024'; memory = '2048'
           containerDefinitions = @(@{ name = 'worker'; image = 'busybox'; command = @('sleep', '3600') }) } | Register-EcsTaskDefinition
    }
    Invoke-TourStep 'Task definitions: latest of each family, then every family name' {
        Get-EcsTaskDefinition
        Get-EcsTaskDefinition -ListFamilies
    }
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
