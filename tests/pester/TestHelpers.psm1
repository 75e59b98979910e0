# Helpers for the Pester suite: the module under test, moto_server, fake AWS environment, a recording /
# fault-injecting proxy, and fresh pwsh processes. Import with:
#   Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath

function Get-EcsAdminRepoRoot {
    <# The repository root (two levels above tests/pester). #>
    $script:RepoRoot
}

function Get-EcsAdminModulePath {
    <# The built manifest under test: $env:EcsAdminTestModulePath, else out/EcsAdmin/<version>/EcsAdmin.psd1. #>
    if ($env:EcsAdminTestModulePath) { return $env:EcsAdminTestModulePath }
    $version = (Import-PowerShellDataFile (Join-Path $script:RepoRoot 'EcsAdmin.psd1')).ModuleVersion
    Join-Path $script:RepoRoot "out/EcsAdmin/$version/EcsAdmin.psd1"
}

function Import-EcsAdminUnderTest {
    <# Imports the built module into the global scope (once per process; a binary module cannot be reloaded). #>
    [CmdletBinding()]
    param([switch] $PassThru)
    $path = Get-EcsAdminModulePath
    if (-not (Test-Path -LiteralPath $path)) {
        throw "Built module not found at $path. Run: dotnet pwsh ./build.ps1 -Task Build"
    }
    $m = Get-Module EcsAdmin
    if (-not $m) { $m = Import-Module $path -Global -PassThru -ErrorAction Stop }
    if ($PassThru) { $m }
}

function Get-FreeTcpPort {
    <# A TCP port on 127.0.0.1 that was free a moment ago. #>
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $l.Start()
    try { $l.LocalEndpoint.Port } finally { $l.Stop() }
}

function Get-PwshCommand {
    <# The command line (exe + leading args) that starts a fresh PowerShell of this same build. #>
    $processPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return , @($processPath, ([Environment]::GetCommandLineArgs()[0]))
    }
    , @($processPath)
}

function Invoke-FreshPwsh {
    <#
    .SYNOPSIS
        Runs a command in a new `pwsh -NoProfile -NonInteractive` and returns { ExitCode; Output (string[]) }.
        Output is stdout and stderr merged. Environment variables of this process are inherited.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Command)
    $cmd = Get-PwshCommand
    $pre = @($cmd | Select-Object -Skip 1)
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes('$PSStyle.OutputRendering = ''PlainText''; ' + $Command))
    # ANSI sequences and other control characters are stripped: they break XML test reports.
    $out = & $cmd[0] @pre -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 |
        ForEach-Object { ("$_" -replace '\x1B\[[0-9;?]*[ -/]*[@-~]', '') -replace '[\x00-\x08\x0B\x0C\x0E-\x1F]', '' }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($out) }
}

# ------------------------------------------------------------------------------------------ moto

function Start-MotoServer {
    <#
    .SYNOPSIS
        Starts `moto_server -H 127.0.0.1 -p <free port>` and waits until /moto-api/ answers.
    .OUTPUTS
        [pscustomobject] @{ Url = 'http://127.0.0.1:<port>'; Port; Process; LogPath }
    #>
    [CmdletBinding()]
    param(
        [int] $Port = 0,
        [int] $TimeoutSec = 30,
        [string] $LogPath
    )
    $exe = Get-Command moto_server -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $exe) { throw 'moto_server is not on PATH (it comes with the machine''s Python: pip package moto[server]).' }
    if ($Port -le 0) { $Port = Get-FreeTcpPort }
    if (-not $LogPath) {
        $dir = Join-Path $script:RepoRoot 'out/test-results/moto'
        $null = New-Item -ItemType Directory -Path $dir -Force
        $LogPath = Join-Path $dir "moto-$Port.log"
    }
    $errPath = "$LogPath.err"
    $proc = Start-Process -FilePath $exe.Source -ArgumentList @('-H', '127.0.0.1', '-p', "$Port") `
        -RedirectStandardOutput $LogPath -RedirectStandardError $errPath -PassThru
    $server = [pscustomobject]@{
        Url     = "http://127.0.0.1:$Port"
        Port    = $Port
        Process = $proc
        LogPath = $LogPath
    }
    $client = [System.Net.Http.HttpClient]::new()
    $client.Timeout = [TimeSpan]::FromSeconds(2)
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while ($true) {
            if ($proc.HasExited) {
                $log = (Get-Content -LiteralPath $errPath, $LogPath -Raw -ErrorAction SilentlyContinue) -join "`n"
                throw "moto_server exited with code $($proc.ExitCode) before answering on port ${Port}:`n$log"
            }
            try {
                $r = $client.GetAsync("$($server.Url)/moto-api/").GetAwaiter().GetResult()
                $code = [int] $r.StatusCode
                $r.Dispose()
                if ($code -lt 500) { break }
            } catch {
                $null = $_  # not listening yet
            }
            if ([DateTime]::UtcNow -gt $deadline) {
                Stop-MotoServer -Server $server
                throw "moto_server did not answer on $($server.Url)/moto-api/ within $TimeoutSec s (log: $LogPath)"
            }
            Start-Sleep -Milliseconds 200
        }
    } finally {
        $client.Dispose()
    }
    $server
}

function Stop-MotoServer {
    <# Kills the moto_server process tree. Safe to call with $null, twice, or after it exited. #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Server)
    process {
        if ($null -eq $Server) { return }
        $proc = $Server.Process
        if ($null -eq $proc) { return }
        try {
            if (-not $proc.HasExited) {
                $proc.Kill($true)
                $null = $proc.WaitForExit(10000)
            }
        } catch {
            Write-Verbose "Stop-MotoServer: $_"
        }
    }
}

function Reset-MotoServer {
    <# Clears all of moto's state (POST /moto-api/reset). Accepts the Start-MotoServer object or a URL. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        $url = if ($Server -is [string]) { $Server } else { $Server.Url }
        $null = Invoke-RestMethod -Method Post -Uri "$($url.TrimEnd('/'))/moto-api/reset" -TimeoutSec 30
    }
}

# ------------------------------------------------------------------------------------------ environment

$script:AwsVariables = @(
    'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION',
    'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_EC2_METADATA_DISABLED', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN'
)

function Set-FakeAwsEnvironment {
    <#
    .SYNOPSIS
        Points this process's AWS settings at fake credentials and a local endpoint; ~/.aws is never read.
    .DESCRIPTION
        Sets AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (documentation example keys), AWS_REGION and
        AWS_DEFAULT_REGION, AWS_ENDPOINT_URL, AWS_EC2_METADATA_DISABLED=true; points AWS_CONFIG_FILE and
        AWS_SHARED_CREDENTIALS_FILE at empty temp files (or the given content); removes AWS_PROFILE,
        AWS_SESSION_TOKEN, container / web-identity variables and every AWS_ENDPOINT_URL_<SERVICE>.
    .OUTPUTS
        A snapshot for Restore-AwsEnvironment: @{ Saved = <hashtable of previous values>; ConfigFile; CredentialsFile }
    #>
    [CmdletBinding()]
    param(
        [string] $EndpointUrl,
        [string] $Region = 'us-east-1',
        [string] $AccessKeyId = 'AKIAIOSFODNN7EXAMPLE',
        [string] $SecretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        [string] $ConfigContent = '',
        [string] $CredentialsContent = ''
    )
    $saved = @{}
    $names = @($script:AwsVariables) + @(Get-ChildItem Env: | Where-Object Name -Like 'AWS_ENDPOINT_URL_*' | ForEach-Object Name)
    foreach ($n in $names) { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }

    $dir = Join-Path ([IO.Path]::GetTempPath()) ('ecsadmin-aws-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $dir -Force
    $config = Join-Path $dir 'config'
    $creds = Join-Path $dir 'credentials'
    Set-Content -LiteralPath $config -Value $ConfigContent -NoNewline
    Set-Content -LiteralPath $creds -Value $CredentialsContent -NoNewline

    foreach ($n in $names) { Remove-Item -LiteralPath "Env:$n" -ErrorAction SilentlyContinue }
    $env:AWS_ACCESS_KEY_ID = $AccessKeyId
    $env:AWS_SECRET_ACCESS_KEY = $SecretAccessKey
    $env:AWS_REGION = $Region
    $env:AWS_DEFAULT_REGION = $Region
    $env:AWS_CONFIG_FILE = $config
    $env:AWS_SHARED_CREDENTIALS_FILE = $creds
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    if ($EndpointUrl) { $env:AWS_ENDPOINT_URL = $EndpointUrl }
    [pscustomobject]@{ Saved = $saved; ConfigFile = $config; CredentialsFile = $creds; Directory = $dir }
}

function Restore-AwsEnvironment {
    <# Puts back the variables saved by Set-FakeAwsEnvironment and deletes its temp files. #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Snapshot)
    process {
        if ($null -eq $Snapshot) { return }
        foreach ($k in $Snapshot.Saved.Keys) {
            # PowerShell turns $null into '' for a [string] argument, so unset variables are removed instead.
            if ($null -eq $Snapshot.Saved[$k]) { Remove-Item -LiteralPath "Env:$k" -ErrorAction SilentlyContinue }
            else { Set-Item -LiteralPath "Env:$k" -Value $Snapshot.Saved[$k] }
        }
        Remove-Item -LiteralPath $Snapshot.Directory -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# ------------------------------------------------------------------------------------------ recording proxy

function Initialize-RecordingProxyType {
    if ('EcsAdminTest.RecordingProxy' -as [type]) { return }
    $source = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'RecordingProxy.cs') -Raw
    Add-Type -TypeDefinition $source -Language CSharp -ErrorAction Stop
}

function Start-RecordingProxy {
    <#
    .SYNOPSIS
        Starts an HTTP proxy on 127.0.0.1:<free port> that forwards to -Upstream and records each request.
    .DESCRIPTION
        Point the module at $proxy.Url (AWS_ENDPOINT_URL or -EndpointUrl) instead of moto's URL. Returns the
        [EcsAdminTest.RecordingProxy] object:
          .Url, .Port, .Upstream, .IsRunning
          .Requests            all recorded [EcsAdminTest.ProxyRequest] (Sequence, Time, Method, Path, Target,
                               Service, Operation, Body, StatusCode, Faulted, Error, IsMutating)
          .MutatingRequests    those whose operation changes state (not Describe/List/Get/Filter...)
          .GetRequests(op)     .Count(op)     .Clear()
          .AddFault(op, status, errorCode, message, count, delayMs)   .ClearFaults()
          .WaitIdle(ms)        .Stop()
    .PARAMETER Upstream
        A URL, or the object from Start-MotoServer.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Upstream,
        [int] $Port = 0
    )
    Initialize-RecordingProxyType
    $url = if ($Upstream -is [string]) { $Upstream } else { $Upstream.Url }
    $attempts = 0
    while ($true) {
        $p = if ($Port -gt 0) { $Port } else { Get-FreeTcpPort }
        try {
            return [EcsAdminTest.RecordingProxy]::new($url, $p)
        } catch {
            $attempts++
            if ($Port -gt 0 -or $attempts -ge 5) { throw }
        }
    }
}

function Stop-RecordingProxy {
    <# Stops the proxy (idempotent; $null is fine). #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Proxy)
    process { if ($null -ne $Proxy) { $Proxy.Stop() } }
}

function Get-RecordedRequest {
    <# The proxy's recorded requests, optionally for one operation or only the mutating ones. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Proxy,
        [string] $Operation,
        [switch] $Mutating
    )
    $null = $Proxy.WaitIdle(5000)
    $r = if ($Operation) { $Proxy.GetRequests($Operation) } else { $Proxy.Requests }
    if ($Mutating) { $r = @($r | Where-Object IsMutating) }
    $r
}

function Add-ProxyFault {
    <#
    .SYNOPSIS
        Makes the proxy answer the next -Count requests for -Operation ('*' = any) with an AWS JSON error, or
        only delay them (-StatusCode 0 with -DelayMs). -Count -1: every request until Clear-ProxyFault.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Proxy,
        [string] $Operation = '*',
        [int] $StatusCode = 400,
        [string] $ErrorCode = 'ThrottlingException',
        [string] $Message = 'Rate exceeded (injected by the test proxy)',
        [int] $Count = 1,
        [int] $DelayMs = 0
    )
    $Proxy.AddFault($Operation, $StatusCode, $ErrorCode, $Message, $Count, $DelayMs)
}

function Clear-ProxyFault {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Proxy)
    $Proxy.ClearFaults()
}

function Start-ExecTestServer {
    # The exec test server in console mode (dotnet run --project tests/EcsAdmin.ExecTestServer -- --port 0
    # --upstream <url>): ECS ExecuteCommand and SSM TerminateSession, the data channel, other calls forwarded.
    # Its first URL line on stdout is its address. Returns {Url, Process, StdErr}.
    param([Parameter(Mandatory)] [string] $Upstream)
    $project = Join-Path (Get-EcsAdminRepoRoot) 'tests/EcsAdmin.ExecTestServer/EcsAdmin.ExecTestServer.csproj'
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @('run', '--project', $project, '--', '--port', '0', '--upstream', $Upstream)) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($psi)
    $stderr = $process.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddMinutes(4)
    $url = $null
    while (-not $url -and [DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait([Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalMilliseconds))) { break }
        if ($null -eq $read.Result) { break }
        if ($read.Result -match '^https?://') { $url = $read.Result.Trim().TrimEnd('/') }
    }
    if (-not $url) {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "The exec test server did not start: $($stderr.Result)"
    }
    [pscustomobject]@{ Url = $url; Process = $process; StdErr = $stderr }
}

function Stop-ExecTestServer {
    # Closing stdin stops the server; one that does not stop in 5 s is killed. Safe with $null or twice.
    param($Server)
    if (-not $Server -or $Server.Process.HasExited) { return }
    try { $Server.Process.StandardInput.Close() } catch { }
    if (-not $Server.Process.WaitForExit(5000)) { $Server.Process.Kill($true); $null = $Server.Process.WaitForExit(5000) }
}

Export-ModuleMember -Function @(
    'Get-EcsAdminRepoRoot', 'Get-EcsAdminModulePath', 'Import-EcsAdminUnderTest', 'Get-FreeTcpPort',
    'Get-PwshCommand', 'Invoke-FreshPwsh',
    'Start-MotoServer', 'Stop-MotoServer', 'Reset-MotoServer',
    'Set-FakeAwsEnvironment', 'Restore-AwsEnvironment',
    'Start-RecordingProxy', 'Stop-RecordingProxy', 'Get-RecordedRequest', 'Add-ProxyFault', 'Clear-ProxyFault',
    'Start-ExecTestServer', 'Stop-ExecTestServer'
)
