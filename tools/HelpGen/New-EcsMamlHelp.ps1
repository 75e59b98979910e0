#Requires -Version 7.2
<#
.SYNOPSIS
    Generates MAML help (EcsAdmin.dll-Help.xml) for the built module from markdown in docs/cmdlets.

.DESCRIPTION
    platyPS is not installable here, so this is our own small generator. Syntax, parameter types,
    mandatory/position/pipeline flags, aliases, input and output types come from the cmdlet metadata of the
    BUILT module (read in a child PowerShell process by Get-EcsCommandMetadata.ps1, so this process never
    loads the binary module; or in this process with -InThisProcess). Prose comes from
    docs/cmdlets/<Verb-Noun>.md; the format is described in docs/cmdlets/README.md. Parameters shared by every
    cmdlet may be documented once in docs/cmdlets/_common-parameters.md.

    Missing documentation is reported as a warning, never as a failure: the convention tests
    (tests/pester/Conventions.Tests.ps1) are what fail when a cmdlet or parameter lacks help.

.EXAMPLE
    ./tools/HelpGen/New-EcsMamlHelp.ps1 -ModulePath out/EcsAdmin/0.1.0/EcsAdmin.psd1 -DocsPath docs/cmdlets -OutputPath out/EcsAdmin/0.1.0/en-US
#>
[CmdletBinding()]
param(
    # The built module manifest (or folder containing EcsAdmin.psd1).
    [Parameter(Mandatory)] [string] $ModulePath,
    # The folder holding <Verb-Noun>.md files.
    [Parameter(Mandatory)] [string] $DocsPath,
    # Folder to write EcsAdmin.dll-Help.xml into (default: <module folder>/en-US).
    [string] $OutputPath,
    # Name of the help file (the root module's file name + '-Help.xml').
    [string] $HelpFileName = 'EcsAdmin.dll-Help.xml',
    # Read metadata from this JSON (as written by Get-EcsCommandMetadata.ps1) instead of a child process.
    [string] $MetadataPath,
    # Import the module into this process to read its metadata, instead of a child process: for a caller that
    # started this script in a fresh process of its own (build.ps1 does), which the module may then stay loaded in.
    [switch] $InThisProcess
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
if (Test-Path -LiteralPath $ModulePath -PathType Container) { $ModulePath = Join-Path $ModulePath 'EcsAdmin.psd1' }
$moduleDir = Split-Path -Parent $ModulePath
if (-not $OutputPath) { $OutputPath = Join-Path $moduleDir 'en-US' }

# ------------------------------------------------------------------------------------------ metadata

function Get-PwshCommand {
    $processPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return , @($processPath, ([Environment]::GetCommandLineArgs()[0]))
    }
    return , @($processPath)
}

if (-not $MetadataPath) {
    $MetadataPath = Join-Path ([IO.Path]::GetTempPath()) ("ecsadmin-meta-" + [guid]::NewGuid().ToString('N') + '.json')
    $reader = Join-Path $PSScriptRoot 'Get-EcsCommandMetadata.ps1'
    if ($InThisProcess) {
        & $reader -ModulePath $ModulePath -OutFile $MetadataPath
        if (-not (Test-Path -LiteralPath $MetadataPath)) { throw "Reading cmdlet metadata from $ModulePath wrote nothing" }
    } else {
        $cmd = Get-PwshCommand
        $pre = @($cmd | Select-Object -Skip 1)
        & $cmd[0] @pre -NoProfile -NonInteractive -File $reader -ModulePath $ModulePath -OutFile $MetadataPath | Out-Host
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $MetadataPath)) {
            throw "Reading cmdlet metadata from $ModulePath failed (exit code $LASTEXITCODE)"
        }
    }
    $commands = @(Get-Content -LiteralPath $MetadataPath -Raw | ConvertFrom-Json)
    Remove-Item -LiteralPath $MetadataPath -Force -ErrorAction SilentlyContinue
} else {
    $commands = @(Get-Content -LiteralPath $MetadataPath -Raw | ConvertFrom-Json)
}

# ------------------------------------------------------------------------------------------ markdown

function Split-MarkdownSections {
    # Splits lines into sections at headings of exactly $Level '#'; fenced code blocks are never split.
    param([string[]] $Lines, [int] $Level)
    $prefix = ('#' * $Level) + ' '
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = [pscustomobject]@{ Title = ''; Lines = [System.Collections.Generic.List[string]]::new() }
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($prefix)) {
            $sections.Add($current)
            $current = [pscustomobject]@{ Title = $line.Substring($prefix.Length).Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            continue
        }
        $current.Lines.Add($line)
    }
    $sections.Add($current)
    $sections
}

function ConvertTo-Paragraphs {
    # Markdown prose -> paragraphs (blank-line separated). List items and lines of a fenced block keep
    # their own line; other lines of a paragraph are joined with a space (Get-Help wraps them).
    param([string[]] $Lines)
    $paras = [System.Collections.Generic.List[string]]::new()
    $buf = [System.Collections.Generic.List[string]]::new()
    $flush = {
        if ($buf.Count -gt 0) { $paras.Add(($buf -join ' ').Trim()); $buf.Clear() }
    }
    $inFence = $false
    foreach ($raw in $Lines) {
        $line = $raw.TrimEnd()
        if ($line -match '^\s*(```|~~~)') {
            & $flush
            $inFence = -not $inFence
            continue
        }
        if ($inFence) { $paras.Add($line); continue }
        if ($line.Trim() -eq '') { & $flush; continue }
        if ($line -match '^\s*([-*+]|\d+\.)\s+') { & $flush; $paras.Add($line.Trim()); continue }
        $buf.Add($line.Trim())
    }
    & $flush
    , @($paras | Where-Object { $_ -ne '' })
}

function Remove-YamlFences {
    # platyPS-style parameter sections carry a ```yaml block of metadata; ours comes from the assembly.
    param([string[]] $Lines)
    $out = [System.Collections.Generic.List[string]]::new()
    $skip = $false
    foreach ($l in $Lines) {
        if (-not $skip -and $l -match '^\s*```\s*ya?ml\s*$') { $skip = $true; continue }
        if ($skip) { if ($l -match '^\s*```\s*$') { $skip = $false }; continue }
        $out.Add($l)
    }
    , $out.ToArray()
}

function Read-ParameterDocs([string[]] $Lines) {
    $map = @{}
    foreach ($s in Split-MarkdownSections -Lines $Lines -Level 3) {
        if ($s.Title -match '^-(\w+)') {
            $map[$Matches[1]] = ConvertTo-Paragraphs (Remove-YamlFences $s.Lines.ToArray())
        }
    }
    $map
}

function Read-TypeDocs([string[]] $Lines) {
    # `### TypeName` + text, or plain text (applies to all types).
    $items = [System.Collections.Generic.List[object]]::new()
    $sections = @(Split-MarkdownSections -Lines $Lines -Level 3)
    $lead = ConvertTo-Paragraphs $sections[0].Lines.ToArray()
    if ($lead.Count -gt 0) { $items.Add([pscustomobject]@{ Type = ''; Paras = $lead }) }
    foreach ($s in $sections | Select-Object -Skip 1) {
        $items.Add([pscustomobject]@{ Type = $s.Title.Trim('`', ' '); Paras = ConvertTo-Paragraphs $s.Lines.ToArray() })
    }
    , $items.ToArray()
}

function Read-CmdletDoc([string] $Path) {
    $lines = Get-Content -LiteralPath $Path
    $doc = [ordered]@{
        Name = ''; Synopsis = @(); Description = @(); Examples = @(); Parameters = @{}
        Inputs = @(); Outputs = @(); Notes = @(); Links = @()
    }
    foreach ($top in Split-MarkdownSections -Lines $lines -Level 1) {
        if ($top.Title) { $doc.Name = $top.Title.Trim() }
        foreach ($s in Split-MarkdownSections -Lines $top.Lines.ToArray() -Level 2) {
            $body = $s.Lines.ToArray()
            switch -Regex ($s.Title.ToUpperInvariant()) {
                '^SYNOPSIS$' { $doc.Synopsis = ConvertTo-Paragraphs $body }
                '^DESCRIPTION$' { $doc.Description = ConvertTo-Paragraphs $body }
                '^EXAMPLES$' {
                    $examples = foreach ($ex in Split-MarkdownSections -Lines $body -Level 3 | Select-Object -Skip 1) {
                        $code = [System.Collections.Generic.List[string]]::new()
                        $rest = [System.Collections.Generic.List[string]]::new()
                        $inFence = $false
                        foreach ($l in $ex.Lines) {
                            if ($l -match '^\s*(```|~~~)') { $inFence = -not $inFence; continue }
                            if ($inFence) { $code.Add($l) } else { $rest.Add($l) }
                        }
                        [pscustomobject]@{
                            Title   = $ex.Title
                            Code    = ($code -join "`n").Trim("`n")
                            Remarks = ConvertTo-Paragraphs $rest.ToArray()
                        }
                    }
                    $doc.Examples = @($examples)
                }
                '^PARAMETERS$' { $doc.Parameters = Read-ParameterDocs $body }
                '^INPUTS$' { $doc.Inputs = Read-TypeDocs $body }
                '^OUTPUTS$' { $doc.Outputs = Read-TypeDocs $body }
                '^NOTES$' { $doc.Notes = ConvertTo-Paragraphs $body }
                '^RELATED LINKS$' {
                    $doc.Links = @(foreach ($l in $body) {
                            if ($l -match '\[([^\]]+)\]\(([^)]*)\)') { [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
                            elseif ($l -match '^\s*[-*]\s+(.+)$') { [pscustomobject]@{ Text = $Matches[1].Trim(); Uri = '' } }
                        })
                }
            }
        }
    }
    $doc
}

# ------------------------------------------------------------------------------------------ MAML

$nsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$nsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$nsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$builtInParamText = @{
    WhatIf  = @('Shows what would happen if the cmdlet runs. The cmdlet is not run and no change is sent to AWS.')
    Confirm = @('Prompts you for confirmation before running the cmdlet.')
}

function Write-Paras($w, [string[]] $Paras) {
    if (-not $Paras -or $Paras.Count -eq 0) {
        $w.WriteStartElement('maml', 'para', $nsMaml); $w.WriteEndElement()
        return
    }
    foreach ($p in $Paras) { $w.WriteElementString('maml', 'para', $nsMaml, $p) }
}

function Write-Description($w, [string[]] $Paras) {
    $w.WriteStartElement('maml', 'description', $nsMaml)
    Write-Paras $w $Paras
    $w.WriteEndElement()
}

function Get-PipelineInputText($p) {
    $kinds = @()
    if ($p.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($p.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds.Count -eq 0) { return 'False' }
    'True (' + ($kinds -join ', ') + ')'
}

function Write-Parameter($w, $p, [string[]] $Paras, [bool] $Required, [string] $Position) {
    $w.WriteStartElement('command', 'parameter', $nsCommand)
    $w.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $w.WriteAttributeString('variableLength', ($p.TypeName.EndsWith('[]')).ToString().ToLowerInvariant())
    $w.WriteAttributeString('globbing', 'false')
    $w.WriteAttributeString('pipelineInput', (Get-PipelineInputText $p))
    $w.WriteAttributeString('position', $Position)
    $aliases = @($p.Aliases)
    $w.WriteAttributeString('aliases', $(if ($aliases.Count) { $aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $nsMaml, $p.Name)
    Write-Description $w $Paras
    if (-not $p.IsSwitch) {
        $w.WriteStartElement('command', 'parameterValue', $nsCommand)
        $w.WriteAttributeString('required', 'true')
        $w.WriteAttributeString('variableLength', ($p.TypeName.EndsWith('[]')).ToString().ToLowerInvariant())
        $w.WriteString($p.TypeName)
        $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $nsDev)
    $w.WriteElementString('maml', 'name', $nsMaml, $p.TypeFullName)
    $w.WriteStartElement('maml', 'uri', $nsMaml); $w.WriteEndElement()
    $w.WriteEndElement()
    $w.WriteElementString('dev', 'defaultValue', $nsDev, $(if ($p.IsSwitch) { 'False' } else { 'None' }))
    $w.WriteEndElement()
}

function Get-PositionText($p) { if ($p.Position -lt 0) { 'named' } else { [string] $p.Position } }

function Sort-SetParameters($params) {
    # Positional parameters by position, then the rest in declared order, WhatIf/Confirm last.
    $positional = @($params | Where-Object { $_.Position -ge 0 -and -not $_.IsCommon } | Sort-Object Position)
    $named = @($params | Where-Object { $_.Position -lt 0 -and -not $_.IsCommon })
    $optional = @($params | Where-Object { $_.IsCommon })
    @($positional) + @($named) + @($optional)
}

# ------------------------------------------------------------------------------------------ main

$commonDocs = @{}
$commonPath = Join-Path $DocsPath '_common-parameters.md'
if (Test-Path -LiteralPath $commonPath) {
    $commonDocs = Read-ParameterDocs (Get-Content -LiteralPath $commonPath)
}
# Parameters several cmdlets share by name (e.g. the deployment-strategy ones of New-/Update-): docs/cmdlets/_shared-*.md.
foreach ($shared in @(Get-ChildItem -LiteralPath $DocsPath -Filter '_shared-*.md' -File | Sort-Object Name)) {
    $sharedDocs = Read-ParameterDocs (Get-Content -LiteralPath $shared.FullName)
    foreach ($k in $sharedDocs.Keys) { $commonDocs[$k] = $sharedDocs[$k] }
}

$null = New-Item -ItemType Directory -Path $OutputPath -Force
$outFile = Join-Path $OutputPath $HelpFileName
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$w = [System.Xml.XmlWriter]::Create($outFile, $settings)
$missing = [System.Collections.Generic.List[string]]::new()
$documented = 0
try {
    $w.WriteStartDocument()
    $w.WriteStartElement('helpItems', 'http://msh')
    $w.WriteAttributeString('schema', 'maml')
    foreach ($c in $commands) {
        $docFile = Join-Path $DocsPath "$($c.Name).md"
        if (Test-Path -LiteralPath $docFile) {
            $doc = Read-CmdletDoc $docFile
            $documented++
        } else {
            $missing.Add("$($c.Name): no $($c.Name).md")
            $doc = [ordered]@{ Name = $c.Name; Synopsis = @(); Description = @(); Examples = @(); Parameters = @{}; Inputs = @(); Outputs = @(); Notes = @(); Links = @() }
        }
        $paramText = @{}
        foreach ($k in $builtInParamText.Keys) { $paramText[$k] = $builtInParamText[$k] }
        foreach ($k in $commonDocs.Keys) { $paramText[$k] = $commonDocs[$k] }
        foreach ($k in $doc.Parameters.Keys) { $paramText[$k] = $doc.Parameters[$k] }

        $w.WriteStartElement('command', 'command', $nsCommand)
        $w.WriteAttributeString('xmlns', 'maml', $null, $nsMaml)
        $w.WriteAttributeString('xmlns', 'command', $null, $nsCommand)
        $w.WriteAttributeString('xmlns', 'dev', $null, $nsDev)

        $w.WriteStartElement('command', 'details', $nsCommand)
        $w.WriteElementString('command', 'name', $nsCommand, $c.Name)
        $w.WriteElementString('command', 'verb', $nsCommand, $c.Verb)
        $w.WriteElementString('command', 'noun', $nsCommand, $c.Noun)
        $synopsis = (@($doc.Synopsis) -join ' ').Trim()
        Write-Description $w @($synopsis | Where-Object { $_ })
        $w.WriteEndElement()

        Write-Description $w $doc.Description

        # Syntax: one item per parameter set.
        $w.WriteStartElement('command', 'syntax', $nsCommand)
        $sets = @($c.ParameterSets | Sort-Object @{ Expression = { -not $_.IsDefault } }, Name)
        foreach ($set in $sets) {
            $w.WriteStartElement('command', 'syntaxItem', $nsCommand)
            $w.WriteElementString('maml', 'name', $nsMaml, $c.Name)
            foreach ($p in Sort-SetParameters $set.Parameters) {
                Write-Parameter $w $p $paramText[$p.Name] ([bool] $p.IsMandatory) (Get-PositionText $p)
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        # Parameters: one entry per distinct parameter, flags from the first set that has it.
        $w.WriteStartElement('command', 'parameters', $nsCommand)
        $seen = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
        $all = foreach ($set in $sets) { foreach ($p in Sort-SetParameters $set.Parameters) { $p } }
        foreach ($p in $all) {
            if (-not $seen.Add($p.Name)) { continue }
            $inSets = @($sets | ForEach-Object { $_.Parameters | Where-Object Name -EQ $p.Name })
            $required = [bool] (@($inSets | Where-Object IsMandatory).Count -gt 0)
            if (-not $p.IsCommon -and -not $paramText.ContainsKey($p.Name)) {
                $missing.Add("$($c.Name): no text for -$($p.Name)")
            }
            Write-Parameter $w $p $paramText[$p.Name] $required (Get-PositionText $p)
        }
        $w.WriteEndElement()

        # Inputs: the types of parameters that take pipeline input by value (text from ## INPUTS).
        $w.WriteStartElement('command', 'inputTypes', $nsCommand)
        $inputTypes = @($all | Where-Object ValueFromPipeline | ForEach-Object TypeFullName | Select-Object -Unique)
        if ($inputTypes.Count -eq 0) { $inputTypes = @('None') }
        foreach ($t in $inputTypes) {
            $w.WriteStartElement('command', 'inputType', $nsCommand)
            $w.WriteStartElement('dev', 'type', $nsDev)
            $w.WriteElementString('maml', 'name', $nsMaml, $t)
            $w.WriteEndElement()
            $text = @($doc.Inputs | Where-Object { $_.Type -and ($t -eq $_.Type -or $t.EndsWith('.' + $_.Type)) } | ForEach-Object Paras)
            if ($text.Count -eq 0) { $text = @($doc.Inputs | Where-Object { -not $_.Type } | ForEach-Object Paras) }
            Write-Description $w $text
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        # Outputs: the cmdlet's [OutputType] types (text from ## OUTPUTS).
        $w.WriteStartElement('command', 'returnValues', $nsCommand)
        $outputTypes = @($c.OutputTypes)
        if ($outputTypes.Count -eq 0) { $outputTypes = @('None') }
        foreach ($t in $outputTypes) {
            $w.WriteStartElement('command', 'returnValue', $nsCommand)
            $w.WriteStartElement('dev', 'type', $nsDev)
            $w.WriteElementString('maml', 'name', $nsMaml, $t)
            $w.WriteEndElement()
            $text = @($doc.Outputs | Where-Object { $_.Type -and ($t -eq $_.Type -or $t.EndsWith('.' + $_.Type)) } | ForEach-Object Paras)
            if ($text.Count -eq 0) { $text = @($doc.Outputs | Where-Object { -not $_.Type } | ForEach-Object Paras) }
            Write-Description $w $text
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('maml', 'alertSet', $nsMaml)
        $w.WriteStartElement('maml', 'alert', $nsMaml)
        Write-Paras $w $doc.Notes
        $w.WriteEndElement()
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'examples', $nsCommand)
        $i = 0
        foreach ($ex in $doc.Examples) {
            $i++
            $title = $ex.Title
            if ($title -notmatch '^(?i)example') { $title = "Example ${i}: $title" }
            $w.WriteStartElement('command', 'example', $nsCommand)
            $w.WriteElementString('maml', 'title', $nsMaml, $title)
            $w.WriteElementString('dev', 'code', $nsDev, $ex.Code)
            $w.WriteStartElement('dev', 'remarks', $nsDev)
            Write-Paras $w (@($ex.Remarks) + @(''))
            $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'relatedLinks', $nsCommand)
        foreach ($l in $doc.Links) {
            $w.WriteStartElement('maml', 'navigationLink', $nsMaml)
            $w.WriteElementString('maml', 'linkText', $nsMaml, $l.Text)
            # Only absolute URLs: a relative link to another .md file means nothing to Get-Help.
            $w.WriteElementString('maml', 'uri', $nsMaml, $(if ($l.Uri -match '^https?://') { $l.Uri } else { '' }))
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteEndElement() # command:command
    }
    $w.WriteEndElement()
    $w.WriteEndDocument()
} finally {
    $w.Dispose()
}

$names = @($commands | ForEach-Object Name)
foreach ($f in Get-ChildItem -LiteralPath $DocsPath -Filter '*-*.md' -File -ErrorAction SilentlyContinue | Where-Object { -not $_.Name.StartsWith('_') }) {
    if ($f.BaseName -notin $names) { Write-Warning "help: $($f.Name) documents no exported cmdlet" }
}
foreach ($m in $missing) { Write-Warning "help: $m" }
Write-Host "help: $outFile ($($commands.Count) cmdlets, $documented documented, $($missing.Count) gaps)"
