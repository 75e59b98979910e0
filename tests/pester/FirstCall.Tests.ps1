# The first cmdlet call of a fresh session: what it loads and what it leaves to the JIT. The runtime lists every
# method it JIT-compiles (DOTNET_JitStdOutFile + DOTNET_JitDisasmSummary); the test reads the methods compiled after
# Import-Module and asserts what must not be among them. No timing: bench.ps1 -Only FirstCall measures the time.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Psd1 = Get-EcsAdminModulePath
    $script:Moto = Start-MotoServer
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $script:Moto.Url
    $script:R2r = Join-Path (Split-Path -Parent $Psd1) 'deps/r2r'

    # Runs Import-Module and one Get-EcsCluster in a fresh pwsh; returns the methods JIT-compiled during the call,
    # and the engine's and AWSSDK.Core's load paths.
    function Invoke-FirstCall {
        $list = Join-Path ([IO.Path]::GetTempPath()) ('ecsadmin-jit-' + [guid]::NewGuid().ToString('N') + '.txt')
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($Psd1.Replace("'", "''"))'
'MARK=' + [System.Runtime.JitInfo]::GetCompiledMethodCount(`$false)
`$clusters = @(Get-EcsCluster)
'CLUSTERS=' + (`$clusters.Cluster -join ',')
[System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'EcsAdmin' | ForEach-Object { `$_.Assemblies } |
    Where-Object { `$_.GetName().Name -in 'EcsAdmin.Engine', 'AWSSDK.Core' } | ForEach-Object { 'LOADED=' + `$_.GetName().Name + '=' + `$_.Location }
[System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'EcsAdmin' | ForEach-Object { `$_.Assemblies } |
    Where-Object { `$_.GetName().Name -like 'AWSSDK.*' } | ForEach-Object { 'CONTEXT=' + `$_.GetName().Name + '=' + `$_.Location }
"@
        $env:DOTNET_JitStdOutFile = $list
        $env:DOTNET_JitDisasmSummary = '1'
        try {
            # With the JIT listing on, the runtime itself sometimes dies as the process ends, with SIGSEGV (exit 139) or
            # with glibc's abort on a corrupted heap (exit 134): a bare `pwsh -c exit` does so about one run in five
            # here, so it is not the module. A crashed run may have lost the end of its list, so it is never read: the
            # probe runs again, a few times at most.
            foreach ($attempt in 1..5) {
                Remove-Item -LiteralPath $list -ErrorAction SilentlyContinue
                $r = Invoke-FreshPwsh -Command $script
                if ($r.ExitCode -notin 134, 139) { break }
            }
        } finally {
            Remove-Item Env:DOTNET_JitStdOutFile, Env:DOTNET_JitDisasmSummary -ErrorAction SilentlyContinue
        }
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $mark = [int](($r.Output | Where-Object { $_ -like 'MARK=*' }) -replace '^MARK=', '')
        # Lines read "  <n>: JIT compiled <method> [<tier>, ...]", numbered from the start of the process.
        $methods = @(Get-Content -LiteralPath $list | ForEach-Object {
                if ($_ -match '^\s*(\d+): JIT compiled (.+?) \[' -and [int]$Matches[1] -gt $mark) { $Matches[2] }
            })
        Remove-Item -LiteralPath $list -ErrorAction SilentlyContinue
        [pscustomobject]@{
            Output  = $r.Output
            Methods = $methods
            Loaded  = @($r.Output | Where-Object { $_ -like 'LOADED=*' } | ForEach-Object { $_ -replace '^LOADED=', '' })
            Context = @($r.Output | Where-Object { $_ -like 'CONTEXT=*' } | ForEach-Object { $_ -replace '^CONTEXT=', '' })
        }
    }
}

AfterAll {
    if ($script:Env) { Restore-AwsEnvironment -Snapshot $script:Env }
    Stop-MotoServer -Server $script:Moto
}

Describe 'The first cmdlet call of a session' -Tag Integration {
    BeforeAll {
        $client = [Net.Http.HttpClient]::new()
        try {
            $body = [Net.Http.StringContent]::new('{"clusterName":"first-call"}', [Text.Encoding]::UTF8, 'application/x-amz-json-1.1')
            $body.Headers.ContentType.CharSet = $null
            $request = [Net.Http.HttpRequestMessage]::new([Net.Http.HttpMethod]::Post, $script:Moto.Url + '/')
            $request.Headers.Add('X-Amz-Target', 'AmazonEC2ContainerServiceV20141113.CreateCluster')
            $request.Headers.TryAddWithoutValidation('Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0') | Out-Null
            $request.Content = $body
            $client.SendAsync($request).GetAwaiter().GetResult().EnsureSuccessStatusCode() | Out-Null
        } finally { $client.Dispose() }
        $script:Run = Invoke-FirstCall
    }

    It 'reads the cluster through the generated codec' {
        $Run.Output | Should -Contain 'CLUSTERS=first-call'
        $Run.Methods.Count | Should -BeGreaterThan 0 -Because 'the runtime lists the methods it compiles (else the test proves nothing)'
    }

    It 'JIT-compiles nothing of System.Text.Json''s reflection serializer' {
        @($Run.Methods | Where-Object { $_ -match 'System\.Text\.Json\.Serialization|ReflectionEmitMemberAccessor|ReflectionEmitCachingMemberAccessor' }) |
            Should -BeNullOrEmpty
    }

    It 'loads the engine and AWSSDK.Core from their ReadyToRun copies and JIT-compiles none of the engine''s own methods' {
        if (-not (Test-Path -LiteralPath $R2r)) {
            Set-ItResult -Skipped -Because 'the build made no ReadyToRun copies (crossgen2 unavailable or ECSADMIN_NO_READYTORUN)'
            return
        }
        foreach ($l in $Run.Loaded) { $l | Should -BeLike '*deps?r2r?net*' }
        $Run.Loaded.Count | Should -Be 2
        # Methods of the engine itself (not generic framework code instantiated over its types) come precompiled.
        @($Run.Methods | Where-Object { $_ -match '^EcsAdmin\.Engine\.' }) | Should -BeNullOrEmpty
    }

    It 'has every AWSSDK assembly of deps in the engine''s load context after the first call, loaded from deps' {
        # The context asks the default one first, so an AWSSDK assembly that AWSSDK.Core loads by name later (STS, SSO
        # for a profile that needs them) must already be in it, or another copy in the session would be taken.
        $deps = Join-Path (Split-Path -Parent $Psd1) 'deps'
        $expected = @(Get-ChildItem -LiteralPath $deps -Filter 'AWSSDK.*.dll' -File | ForEach-Object BaseName | Sort-Object)
        $expected.Count | Should -BeGreaterThan 1
        @($Run.Context | ForEach-Object { ($_ -split '=', 2)[0] } | Sort-Object) | Should -Be $expected
        foreach ($c in $Run.Context) { ($c -split '=', 2)[1] | Should -BeLike "$deps*" }
    }

    It 'JIT-compiles no reflection invoke stub to load the engine' {
        # The loader calls AssemblyLoadContext through a delegate: MethodInfo.Invoke would emit and compile a stub.
        @($Run.Methods | Where-Object { $_ -match 'InvokeStub_AssemblyLoadContext' }) | Should -BeNullOrEmpty
    }

    It 'JIT-compiles no async state machine of the engine''s own methods' {
        if (-not (Test-Path -LiteralPath $R2r)) {
            Set-ItResult -Skipped -Because 'the build made no ReadyToRun copies'
            return
        }
        @($Run.Methods | Where-Object { $_ -match '^System\.Runtime\.CompilerServices\.(AsyncTaskMethodBuilder|AsyncMethodBuilderCore)[^:]*:(Start|AwaitUnsafeOnCompleted|GetStateMachineBox)\[.*EcsAdmin\.Engine' }) |
            Should -BeNullOrEmpty
    }
}
