# Help and docs that run: the README's Pester example as written, the about_EcsAdmin topic, the documented
# Get-EcsTaskDefinition <family> -AllRevisions form, and -Debug without a prompt at every message.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("ecsadmin-docs-" + [guid]::NewGuid())
    $null = New-Item -ItemType Directory -Path $script:Work

    # The fenced powershell blocks of a markdown section, in order.
    function Get-MarkdownCode([string] $Path, [string] $Heading) {
        $text = Get-Content -LiteralPath $Path -Raw
        $start = $text.IndexOf("## $Heading")
        if ($start -lt 0) { throw "README has no section '$Heading'" }
        $next = $text.IndexOf("`n## ", $start + 3)
        $section = if ($next -gt 0) { $text.Substring($start, $next - $start) } else { $text.Substring($start) }
        [regex]::Matches($section, '```powershell\r?\n(?<code>[\s\S]*?)```') | ForEach-Object { $_.Groups['code'].Value }
    }

    # The README's example, the InModuleScope refusal and -Debug each need a fresh, non-interactive PowerShell (Pester
    # runs the README's test file; a binary module cannot be unloaded; a host that cannot prompt): one fresh process runs
    # all three, each part's output after its own marker line, and each test reads its part (a fresh pwsh with Pester
    # costs seconds of CPU).
    $blocks = @(Get-MarkdownCode (Join-Path (Get-EcsAdminRepoRoot) 'README.md') 'Testing your own ops scripts with Pester')
    $script:ReadmeBlocks = $blocks
    $dir = Join-Path $script:Work 'readme'
    $null = New-Item -ItemType Directory -Path $dir
    if ($blocks.Count -ge 2) {
        Set-Content -LiteralPath (Join-Path $dir 'cleanup.ps1') -Value $blocks[0]
        Set-Content -LiteralPath (Join-Path $dir 'cleanup.Tests.ps1') -Value $blocks[1]
    }

    # `Import-Module EcsAdmin` by name, as a user has it: the built module in a folder on PSModulePath.
    $psd1 = Get-EcsAdminModulePath
    $version = Split-Path -Leaf (Split-Path -Parent $psd1)
    $modules = Join-Path $script:Work 'modules'
    $null = New-Item -ItemType Directory -Path (Join-Path $modules 'EcsAdmin')
    Copy-Item -LiteralPath (Split-Path -Parent $psd1) -Destination (Join-Path $modules "EcsAdmin/$version") -Recurse
    $pester = (Get-Module Pester).Path
    $run = Invoke-FreshPwsh @"
`$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module '$pester'
'=== readme'
`$r = Invoke-Pester -Path '$(Join-Path $dir 'cleanup.Tests.ps1')' -PassThru -Output None
"result: `$(`$r.PassedCount) passed, `$(`$r.FailedCount) failed"
`$r.Failed | ForEach-Object { `$_.ErrorRecord | Out-String }
'=== inmodulescope'
Import-Module EcsAdmin
"loaded: `$((Get-Module EcsAdmin).ModuleType)"
try { InModuleScope EcsAdmin { 1 } ; 'accepted' } catch { 'refused: ' + `$_.Exception.Message }
'=== debug'
New-EcsCluster -Name debugged -Debug -WarningAction Continue 5>&1 4>&1 | ForEach-Object { 'stream: ' + `$_.GetType().Name + ' ' + `$_ }; 'finished'
"@
    # The output of each part: the lines after its marker, up to the next marker.
    $script:FreshPart = @{ start = @() }
    $part = 'start'
    foreach ($line in $run.Output) {
        if ($line -match '^=== (\w+)$') { $part = $Matches[1]; $script:FreshPart[$part] = @(); continue }
        $script:FreshPart[$part] += $line
    }
    $script:FreshText = $run.Output -join "`n"
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
    if ($script:Work) { Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'The README''s Pester example' {
    It 'runs as written against the installed module, and its test passes' {
        $ReadmeBlocks.Count | Should -Be 2
        $ReadmeBlocks[1] | Should -Not -Match '-ModuleName' -Because 'Mock -ModuleName is refused for a binary module'
        $FreshPart.ContainsKey('readme') | Should -BeTrue -Because $FreshText
        ($FreshPart['readme'] -join "`n") | Should -Match 'result: 1 passed, 0 failed'
    }

    It 'shows why -ModuleName is not used: Pester refuses it for the binary module' {
        $FreshPart.ContainsKey('inmodulescope') | Should -BeTrue -Because $FreshText
        $text = $FreshPart['inmodulescope'] -join "`n"
        $text | Should -Match 'loaded: Binary' -Because 'the refusal is about the loaded binary module, not a missing one'
        $text | Should -Match 'refused'
    }
}

Describe 'about_EcsAdmin' {
    It 'ships with the module and covers sessions, pipelines, waiting, errors and Pester' {
        Test-Path -LiteralPath (Join-Path (Split-Path -Parent (Get-EcsAdminModulePath)) 'en-US/about_EcsAdmin.help.txt') | Should -BeTrue
        $help = Get-Help about_EcsAdmin | Out-String
        foreach ($section in 'SESSIONS', 'PIPELINES', 'WAITING', 'ERRORS', 'TESTING WITH PESTER') { $help | Should -Match $section }
        $help | Should -Match 'Connect-EcsSession'
        $help | Should -Match 'DeploymentTimedOut'
        $help | Should -Match 'Mock Get-EcsCluster'
    }
}

Describe 'Get-EcsTaskDefinition FAMILY -AllRevisions' {
    BeforeAll {
        1..3 | ForEach-Object { Register-EcsTaskDefinition -Family web -Image "nginx:1.$_" } | Out-Null
        Register-EcsTaskDefinition -Family web-api -Image 'nginx:2' | Out-Null
    }

    It 'lists every revision of the named family, and only of it' {
        $all = Get-EcsTaskDefinition web -AllRevisions
        @($all).Count | Should -Be 3
        ($all.Revision | Sort-Object) -join ',' | Should -Be '1,2,3'
        ($all.Family | Select-Object -Unique) | Should -Be 'web'
        (Get-EcsTaskDefinition web).Revision | Should -Be 3
    }

    It 'refuses a revision with -AllRevisions before any request' {
        $script:Proxy.Clear()
        Get-EcsTaskDefinition web:2 -AllRevisions -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AllRevisionsNeedsFamily,*'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match 'Get-EcsTaskDefinition web -AllRevisions'
        $script:Proxy.Requests.Count | Should -Be 0
    }
}

Describe '-Debug' {
    It 'writes debug messages without asking to continue at each one' {
        # A host that cannot prompt (pwsh -NonInteractive) fails at the first question; -Debug must ask none.
        $FreshPart.ContainsKey('debug') | Should -BeTrue -Because $FreshText
        $text = $FreshPart['debug'] -join "`n"
        $text | Should -Match 'stream: DebugRecord ECS CreateCluster: OK'
        $text | Should -Match 'stream: VerboseRecord'
        $text | Should -Match 'stream: EcsCluster debugged'
        $text | Should -Not -Match 'NonInteractive mode'
        $text | Should -Match 'finished'
    }
}

Describe 'Task views' {
    BeforeAll {
        $script:Task = [EcsAdmin.Models.EcsTask]@{
            TaskId = '0123456789abcdef0123456789abcdef'; Cluster = 'production-east'; TaskDefinition = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7'
            LastStatus = 'STOPPED'; HealthStatus = 'UNHEALTHY'; StopCode = 'EssentialContainerExited'; StoppedReason = 'Essential container in task exited'
            Containers = @(
                [EcsAdmin.Models.EcsContainer]@{ Name = 'log-router'; Essential = $false; ExitCode = 0 }
                [EcsAdmin.Models.EcsContainer]@{ Name = 'web'; Essential = $true; ExitCode = 137 })
        }
    }

    It 'shows the essential container''s exit code and the stop code' {
        $script:Task.ExitCode | Should -Be 137
        $text = $script:Task | Out-String -Width 400
        $text | Should -Match 'ExitCode\s+StopCode'
        $text | Should -Match '137\s+EssentialContainerExited'
    }

    It 'colours the health status unless output is plain text or NO_COLOR is set' {
        $saved = $PSStyle.OutputRendering
        $savedNoColor = $env:NO_COLOR
        try {
            $PSStyle.OutputRendering = 'Ansi'
            $env:NO_COLOR = $null
            ($script:Task | Format-Table | Out-String -Width 400) | Should -Match ([regex]::Escape($PSStyle.Foreground.Red + 'UNHEALTHY'))
            $env:NO_COLOR = '1'
            ($script:Task | Format-Table | Out-String -Width 400) | Should -Not -Match ([regex]::Escape($PSStyle.Foreground.Red))
            $env:NO_COLOR = $null
            $PSStyle.OutputRendering = 'PlainText'
            ($script:Task | Format-Table | Out-String -Width 400) | Should -Not -Match ([regex]::Escape($PSStyle.Foreground.Red))
        } finally {
            $PSStyle.OutputRendering = $saved
            $env:NO_COLOR = $savedNoColor
        }
    }

    It 'Test-EcsExecReadiness results show the task they are about' {
        $checks = @(
            [EcsAdmin.Models.EcsExecCheck]@{ Cluster = 'production-east'; TaskId = '0123456789abcdef0123456789abcdef'; Check = 'TaskRunning'; Passed = $true; Detail = 'RUNNING' }
            [EcsAdmin.Models.EcsExecCheck]@{ Cluster = 'production-east'; TaskId = '0123456789abcdef0123456789abcdef'; Check = 'TaskRole'; Passed = $false; Detail = 'no task role' })
        $text = $checks | Out-String -Width 200
        $text | Should -Match 'Task: 0123456789abcdef0123456789abcdef \(cluster production-east\)'
        ([regex]::Matches($text, 'Task: ')).Count | Should -Be 1
    }
}
