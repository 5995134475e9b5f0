; Inno Setup script for kpidesk on Windows: a per-user install (no administrator rights) to
; %LOCALAPPDATA%\Programs\kpidesk, a Start-menu entry, and .kpidesk files opening in kpidesk.
;   iscc /DAppVersion=0.1.0 packaging\windows\kpidesk.iss
; after the bundle was built into dist\kpidesk (packaging\README.md, "Windows").
;
; Upgrading: the same AppId, so a newer installer replaces the program in place. Only the
; program's folder is replaced: documents live in the user's own folders, settings in the
; registry (HKCU\Software\kpidesk, Qt's QSettings), logs in %LOCALAPPDATA%\kpidesk\kpidesk; none of them
; is touched by an upgrade or by uninstalling.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; Never change the AppId: it is how an upgrade finds the installed copy.
AppId={{6F0C2F0B-4D7A-4C55-9C1E-7B5D2A8E4B31}
AppName=kpidesk
AppVersion={#AppVersion}
AppVerName=kpidesk {#AppVersion}
AppPublisher=kpidesk
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={userpf}\kpidesk
DefaultGroupName=kpidesk
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
OutputDir=..\..\dist
OutputBaseFilename=kpidesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
; An open kpidesk is asked to close before its files are replaced (the document it has open
; is already saved: every edit is).
CloseApplications=yes
RestartApplications=no
UninstallDisplayIcon={app}\kpidesk.exe
; The icon the spec drew into build\icons (packaging/icons.py): the installer's own.
SetupIconFile=..\..\build\icons\kpidesk.ico

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
; The previous version's program files (never documents: they are not in {app}). Without
; this, a module removed in the new version would linger and could be imported.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\kpidesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\kpidesk"; Filename: "{app}\kpidesk.exe"
Name: "{userdesktop}\kpidesk"; Filename: "{app}\kpidesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Registry]
; .kpidesk opens in kpidesk, for this user (HKCU\Software\Classes: no administrator rights).
Root: HKCU; Subkey: "Software\Classes\.kpidesk"; ValueType: string; ValueName: ""; ValueData: "kpidesk.document"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\kpidesk.document"; ValueType: string; ValueName: ""; ValueData: "kpidesk document"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\kpidesk.document\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\kpidesk.exe,0"
Root: HKCU; Subkey: "Software\Classes\kpidesk.document\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\kpidesk.exe"" ""%1"""

[Run]
Filename: "{app}\kpidesk.exe"; Description: "{cm:LaunchProgram,kpidesk}"; Flags: nowait postinstall skipifsilent
