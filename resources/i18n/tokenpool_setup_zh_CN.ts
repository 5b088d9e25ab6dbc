<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About TokenPool Setup</source>
        <translation>关于 TokenPool 配置助手</translation>
    </message>
    <message>
        <source>TokenPool Setup %1</source>
        <translation>TokenPool 配置助手 %1</translation>
    </message>
    <message>
        <source>Free software under the MIT licence. It includes Qt %1 and PySide6, used under the GNU LGPL version 3, and the other programs listed below, each under its own licence. The list says where to get Qt&apos;s source code and how to replace the Qt libraries in this app.</source>
        <translation>本软件是采用 MIT 许可证的自由软件。它包含 Qt %1 和 PySide6（依 GNU LGPL 第 3 版使用），以及下列其他程序，各自遵循其许可证。列表中说明了从哪里获取 Qt 源代码，以及如何替换本应用中的 Qt 库。</translation>
    </message>
    <message>
        <source>Licences and third-party notices</source>
        <translation>许可证与第三方声明</translation>
    </message>
    <message>
        <source>The third-party notices are missing from this copy of the app.</source>
        <translation>此应用副本中缺少第三方声明。</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>TokenPool Setup</source>
        <translation>TokenPool 配置助手</translation>
    </message>
</context>
<context>
    <name>CodexInstall</name>
    <message>
        <source>The installation was stopped. Nothing was installed; the download continues where it stopped when you try again.</source>
        <translation>安装已停止，没有安装任何内容。再次安装时，下载会从停下的地方继续。</translation>
    </message>
    <message>
        <source>The download does not match the registry&apos;s checksum, so it was deleted without being unpacked. Try again, or try another network.</source>
        <translation>下载的文件与 npm 源给出的校验值不符，已删除，没有解压。请重试，或换一个网络。</translation>
    </message>
    <message>
        <source>The downloaded package holds something unsafe (the details are below), so nothing was unpacked.</source>
        <translation>下载的安装包含有不安全的内容（详情见下方），因此没有解压任何内容。</translation>
    </message>
    <message>
        <source>The downloaded package cannot be read. Try again.</source>
        <translation>无法读取下载的安装包。请重试。</translation>
    </message>
    <message>
        <source>There is not enough free disk space. Free some space, then try again.</source>
        <translation>磁盘空间不足。请清理出一些空间后重试。</translation>
    </message>
    <message>
        <source>The download failed because of the network. Try again: it continues where it stopped.</source>
        <translation>网络问题导致下载失败。请重试，下载会从停下的地方继续。</translation>
    </message>
    <message>
        <source>The package registry did not answer as expected. Try again in a minute.</source>
        <translation>npm 源的回应不正常。请过一分钟再试。</translation>
    </message>
    <message>
        <source>The download address is not secure (https), so nothing was downloaded.</source>
        <translation>下载地址不安全（不是 https），因此没有下载任何内容。</translation>
    </message>
    <message>
        <source>This Codex version is not published for this computer.</source>
        <translation>这个 Codex 版本没有适用于这台电脑的安装包。</translation>
    </message>
    <message>
        <source>Codex is not published for this kind of computer.</source>
        <translation>Codex 没有适用于这类电脑的安装包。</translation>
    </message>
    <message>
        <source>The downloaded Codex does not start on this computer, so it was not installed. What was installed before still works.</source>
        <translation>下载的 Codex 在这台电脑上无法启动，因此没有安装。之前安装的版本仍可正常使用。</translation>
    </message>
    <message>
        <source>Another installation of Codex is still running. Wait a moment.</source>
        <translation>另一个 Codex 安装仍在进行中。请稍等片刻。</translation>
    </message>
    <message>
        <source>A file could not be written or removed (the details are below). What was installed before still works. Free some disk space or check the folder, then try again.</source>
        <translation>有文件无法写入或删除（详情见下方）。之前安装的版本仍然可用。请清理出一些磁盘空间或检查该文件夹，然后重试。</translation>
    </message>
    <message>
        <source>The registry address is not a valid address. Check it for typos.</source>
        <translation>npm 源的地址无效。请检查有没有写错。</translation>
    </message>
    <message>
        <source>This is not a Codex version. Write it like 0.171.0, or use the newest.</source>
        <translation>这不是一个 Codex 版本号。请写成 0.171.0 这样的格式，或选择最新版本。</translation>
    </message>
    <message>
        <source>Open a new terminal window and type: codex</source>
        <translation>打开一个新的终端窗口，输入：codex</translation>
    </message>
    <message>
        <source>Open a new Terminal window and type: codex (windows that are already open do not see it yet).</source>
        <translation>打开一个新的“终端”窗口，输入：codex（已经打开的窗口还找不到它）。</translation>
    </message>
    <message>
        <source>Open a new Command Prompt or PowerShell window and type: codex (windows that are already open do not see it yet).</source>
        <translation>打开一个新的命令提示符或 PowerShell 窗口，输入：codex（已经打开的窗口还找不到它）。</translation>
    </message>
    <message>
        <source>Log out and back in, so that {folder} is on your PATH; then open a terminal and type: codex. Until then, run it as: {command}</source>
        <translation>请注销后重新登录，让 {folder} 加入 PATH，然后打开终端，输入：codex。在此之前，可以这样运行：{command}</translation>
    </message>
    <message>
        <source>{link} already exists and is not ours, so it was left alone. Run our Codex as: {command}</source>
        <translation>{link} 已经存在且不是本程序创建的，因此保持不变。可以这样运行本程序安装的 Codex：{command}</translation>
    </message>
    <message>
        <source>{profile} could not be changed, so add this line to it yourself: {line}  Then open a new Terminal window and type: codex</source>
        <translation>无法修改 {profile}，请自己把下面这一行加进去：{line}  然后打开一个新的“终端”窗口，输入：codex</translation>
    </message>
    <message>
        <source>{link} could not be made ({reason}). Run Codex as: {command}</source>
        <translation>无法创建 {link}（{reason}）。请这样运行 Codex：{command}</translation>
    </message>
    <message>
        <source>Your shell is not zsh or bash: add this folder to its PATH yourself: {folder}</source>
        <translation>你的 shell 不是 zsh 或 bash，请自己把这个文件夹加入它的 PATH：{folder}</translation>
    </message>
</context>
<context>
    <name>CodexInstallBox</name>
    <message>
        <source>Install the Codex CLI</source>
        <translation>安装 Codex CLI</translation>
    </message>
    <message>
        <source>Codex is installed with this command (it needs Node.js):</source>
        <translation>用这条命令安装 Codex（需要 Node.js）：</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Install command</source>
        <translation>安装命令</translation>
    </message>
    <message>
        <source>&amp;Install Codex for me</source>
        <translation>帮我安装 Codex(&amp;I)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop installing Codex</source>
        <translation>停止安装 Codex</translation>
    </message>
    <message>
        <source>Installing Codex</source>
        <translation>正在安装 Codex</translation>
    </message>
    <message>
        <source>Codex download</source>
        <translation>Codex 下载进度</translation>
    </message>
    <message>
        <source>Installation</source>
        <translation>安装</translation>
    </message>
    <message>
        <source>Installer output</source>
        <translation>安装程序输出</translation>
    </message>
    <message>
        <source>Set up &amp;anyway — I will install Codex later</source>
        <translation>仍然继续配置——我稍后再安装 Codex(&amp;A)</translation>
    </message>
    <message>
        <source>Node.js is not installed, so Codex can be installed for you as a standalone program: downloaded from the npm registry (about 170 MB), checked, and put in your user folder. No administrator rights are needed.</source>
        <translation>这台电脑没有安装 Node.js，所以可以把 Codex 作为独立程序为你安装：从 npm 源下载（约 170 MB），校验后放进你的用户文件夹。无需管理员权限。</translation>
    </message>
    <message>
        <source>Codex version</source>
        <translation>Codex 版本</translation>
    </message>
    <message>
        <source>Codex {version} (tested with this app, recommended)</source>
        <translation>Codex {version}（已测试兼容，推荐）</translation>
    </message>
    <message>
        <source>The newest Codex release</source>
        <translation>Codex 最新发布版本</translation>
    </message>
    <message>
        <source>&amp;Version:</source>
        <translation>版本(&amp;V)：</translation>
    </message>
    <message>
        <source>What to do next</source>
        <translation>接下来要做的事</translation>
    </message>
    <message>
        <source>Installing Codex… this can take a minute.</source>
        <translation>正在安装 Codex，可能需要一分钟…</translation>
    </message>
    <message>
        <source>Getting ready to download Codex…</source>
        <translation>正在准备下载 Codex…</translation>
    </message>
    <message>
        <source>Asking the npm registry for Codex…</source>
        <translation>正在向 npm 源查询 Codex…</translation>
    </message>
    <message>
        <source>Downloading Codex… {done} of {total} MB</source>
        <translation>正在下载 Codex：已下载 {done} MB，共 {total} MB…</translation>
    </message>
    <message>
        <source>Downloading Codex…</source>
        <translation>正在下载 Codex…</translation>
    </message>
    <message>
        <source>Checking the download (sha512)…</source>
        <translation>正在校验下载的文件（sha512）…</translation>
    </message>
    <message>
        <source>Unpacking Codex…</source>
        <translation>正在解压 Codex…</translation>
    </message>
    <message>
        <source>Checking that Codex starts…</source>
        <translation>正在检查 Codex 能否启动…</translation>
    </message>
    <message>
        <source>Putting Codex in place…</source>
        <translation>正在完成安装…</translation>
    </message>
    <message>
        <source>Making the codex command available in new terminals…</source>
        <translation>正在让新的终端窗口能找到 codex 命令…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Stopped. Nothing was installed; the download continues where it stopped when you try again.</source>
        <translation>已停止，没有安装任何内容。再次安装时，下载会从停下的地方继续。</translation>
    </message>
    <message>
        <source>Codex {version} is installed, for your user only. What to do next:</source>
        <translation>Codex {version} 已安装（仅当前用户可用）。接下来请：</translation>
    </message>
    <message>
        <source>Codex is installed.</source>
        <translation>Codex 已安装。</translation>
    </message>
    <message>
        <source>The installation did not work. The installer&apos;s output is below.</source>
        <translation>安装没有成功。安装程序的输出如下。</translation>
    </message>
</context>
<context>
    <name>CoreHints</name>
    <message>
        <source>Check the file&apos;s permissions, or move what is in its place.</source>
        <translation>请检查文件权限，或把占用这个位置的文件移走。</translation>
    </message>
    <message>
        <source>Run the setup again and paste your TokenPool API key.</source>
        <translation>请重新配置，并粘贴你的 TokenPool API 密钥。</translation>
    </message>
    <message>
        <source>Copy the full key from the TokenPool console, then run the setup again.</source>
        <translation>请从 TokenPool 控制台复制完整的密钥，然后重新配置。</translation>
    </message>
    <message>
        <source>Run the setup to use TokenPool; your other settings stay as they are.</source>
        <translation>运行配置助手即可接入 TokenPool，其他设置保持不变。</translation>
    </message>
    <message>
        <source>Keep auth.json out of that repository (add it to .gitignore); the details give the command.</source>
        <translation>请让 Git 不再跟踪 auth.json（加入 .gitignore），具体命令见详细信息。</translation>
    </message>
    <message>
        <source>Install the Codex CLI: the first page of the setup can do it for you.</source>
        <translation>请安装 Codex CLI，配置助手的第一页可以帮你安装。</translation>
    </message>
    <message>
        <source>The details say which one runs where.</source>
        <translation>详细信息中列出了各处运行的是哪一个。</translation>
    </message>
    <message>
        <source>In your VPN or proxy app, find its HTTP (or mixed) port and set HTTPS_PROXY=http://127.0.0.1:PORT before starting Codex; the details say more.</source>
        <translation>请在 VPN 或代理客户端的设置里找到“HTTP 端口”或“混合端口”，启动 Codex 前设置 HTTPS_PROXY=http://127.0.0.1:端口号；详细信息中有更多说明。</translation>
    </message>
    <message>
        <source>Try again in a few minutes; if it lasts, send a report to TokenPool&apos;s support.</source>
        <translation>请过几分钟再试；如果一直这样，请把诊断报告发给 TokenPool 客服。</translation>
    </message>
    <message>
        <source>If Codex misbehaves, look for a newer TokenPool Setup or install the tested Codex.</source>
        <translation>如果 Codex 工作不正常，请更新 TokenPool 配置助手，或安装经过测试的 Codex 版本。</translation>
    </message>
    <message>
        <source>Check the quota in the TokenPool console; if there are too many requests, wait a few minutes.</source>
        <translation>请在 TokenPool 控制台查看额度，如果是请求过于频繁，请等几分钟再试。</translation>
    </message>
    <message>
        <source>Check the network connection (and any VPN or proxy), then try again.</source>
        <translation>请检查网络连接（以及 VPN 或代理设置），然后重试。</translation>
    </message>
    <message>
        <source>Check the address for typos; the network may also be blocking it.</source>
        <translation>请检查地址是否写错，也可能是网络拦截了它。</translation>
    </message>
    <message>
        <source>A firewall or VPN may be blocking it. Try again later.</source>
        <translation>可能是防火墙或 VPN 拦截了连接，请稍后再试。</translation>
    </message>
    <message>
        <source>The network may be slow, or access may be blocked. Try again later.</source>
        <translation>可能是网络太慢，或访问被拦截了，请稍后再试。</translation>
    </message>
    <message>
        <source>Check the computer&apos;s date and time; antivirus software or a company network may be intercepting the connection.</source>
        <translation>请检查电脑的日期和时间，杀毒软件或公司网络也可能拦截了连接。</translation>
    </message>
    <message>
        <source>Check the proxy settings (HTTPS_PROXY or the system proxy), or turn the proxy off.</source>
        <translation>请检查代理设置（HTTPS_PROXY 或系统代理），或关闭代理。</translation>
    </message>
    <message>
        <source>Put the proxy&apos;s user name and password into the proxy setting, or use a proxy that needs none.</source>
        <translation>请在代理设置中填写代理的用户名和密码，或改用无需登录的代理。</translation>
    </message>
    <message>
        <source>Check the user name and password in the proxy setting.</source>
        <translation>请检查代理设置中的用户名和密码。</translation>
    </message>
    <message>
        <source>Try again later, or try without the proxy (or with another one).</source>
        <translation>请稍后再试，或者不用代理（或换一个代理）再试。</translation>
    </message>
    <message>
        <source>Correct the proxy setting (the details name where it is set), or remove it.</source>
        <translation>请更正代理设置（详细信息中写明了它在哪里设置），或者删除它。</translation>
    </message>
    <message>
        <source>Use the https:// address from the TokenPool console.</source>
        <translation>请使用 TokenPool 控制台中的 https:// 地址。</translation>
    </message>
    <message>
        <source>Check that the address is TokenPool&apos;s API, not another site; if it is, send a report to TokenPool&apos;s support.</source>
        <translation>请确认这是 TokenPool 的接口地址而不是其他网站；如果确实是，请把诊断报告发给 TokenPool 客服。</translation>
    </message>
    <message>
        <source>Look at the quota in the TokenPool console; this is the server&apos;s mistake.</source>
        <translation>请在 TokenPool 控制台查看额度；这是服务器那边的错误。</translation>
    </message>
    <message>
        <source>Check the address in the TokenPool console.</source>
        <translation>请在 TokenPool 控制台核对地址。</translation>
    </message>
    <message>
        <source>Wait a few minutes; if the quota is used up, top it up in the TokenPool console.</source>
        <translation>请等几分钟再试，如果额度已用完，请在 TokenPool 控制台充值。</translation>
    </message>
    <message>
        <source>Try again in a minute.</source>
        <translation>请稍后再试。</translation>
    </message>
    <message>
        <source>Check the network connection (and any VPN or proxy).</source>
        <translation>请检查网络连接（以及 VPN 或代理设置）。</translation>
    </message>
    <message>
        <source>Codex is not affected: the key is in auth.json.</source>
        <translation>不影响 Codex 使用：密钥已保存在 auth.json 中。</translation>
    </message>
    <message>
        <source>Look at the changes again, then write them again.</source>
        <translation>请重新查看更改，然后再次写入。</translation>
    </message>
    <message>
        <source>Wait a moment (or quit Codex), then try again.</source>
        <translation>请稍等片刻（或退出 Codex），然后重试。</translation>
    </message>
    <message>
        <source>Check that the Codex folder is writable; the details name the file.</source>
        <translation>请检查 Codex 文件夹是否可写，具体文件见详细信息。</translation>
    </message>
    <message>
        <source>Remove or rename that entry, then turn it on again.</source>
        <translation>请删除或重命名那个启动项，然后重新开启开机自启。</translation>
    </message>
    <message>
        <source>If TokenPool Setup may change it, make it writable (the details say how), then try again.</source>
        <translation>如允许 TokenPool 配置助手修改它，请先设为可写（详细信息中有方法），然后重试。</translation>
    </message>
    <message>
        <source>Install the Codex CLI, then try again.</source>
        <translation>请先安装 Codex CLI，然后重试。</translation>
    </message>
    <message>
        <source>Paste the key again, in one piece.</source>
        <translation>请重新完整地粘贴一次密钥。</translation>
    </message>
    <message>
        <source>Try again; if it happens again, restart TokenPool Setup.</source>
        <translation>请重试，如果再次出现，请重新启动 TokenPool 配置助手。</translation>
    </message>
    <message>
        <source>Choose Repair: it fixes this and keeps the old files in a backup.</source>
        <translation>可以自动修复（会先备份）。</translation>
    </message>
    <message>
        <source>The details say what to change by hand.</source>
        <translation>需要手动修改，详细信息中说明了要改的地方。</translation>
    </message>
    <message>
        <source>Details (in English)</source>
        <translation>详细信息（英文）</translation>
    </message>
    <message>
        <source>{summary} {hint}</source>
        <translation>{summary}{hint}</translation>
    </message>
    <message>
        <source>system credential store</source>
        <translation>系统凭据存储</translation>
    </message>
    <message>
        <source>macOS keychain</source>
        <translation>钥匙串</translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation>凭据管理器</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>config.toml is not valid TOML, so Codex cannot load it.</source>
        <translation>config.toml 不是有效的 TOML 格式，Codex 无法读取它。</translation>
    </message>
    <message>
        <source>config.toml cannot be read.</source>
        <translation>无法读取 config.toml。</translation>
    </message>
    <message>
        <source>config.toml defines the same table twice, so Codex refuses to start.</source>
        <translation>config.toml 中同一个配置段出现了两次，Codex 因此无法启动。</translation>
    </message>
    <message>
        <source>auth.json is damaged, so Codex ignores it and sends no API key.</source>
        <translation>auth.json 已损坏，Codex 会忽略它，不发送 API 密钥。</translation>
    </message>
    <message>
        <source>There is no auth.json, so Codex has no API key to send.</source>
        <translation>找不到 auth.json，Codex 没有可用的 API 密钥。</translation>
    </message>
    <message>
        <source>auth.json holds no API key.</source>
        <translation>auth.json 里没有 API 密钥。</translation>
    </message>
    <message>
        <source>An API key is written in config.toml, where Codex does not read it.</source>
        <translation>API 密钥写在了 config.toml 里，Codex 不会从那里读取密钥。</translation>
    </message>
    <message>
        <source>The API key in auth.json looks incomplete.</source>
        <translation>auth.json 里的 API 密钥看起来不完整。</translation>
    </message>
    <message>
        <source>The endpoint (base_url) is not the address of the API.</source>
        <translation>接口地址（base_url）不是 API 的地址。</translation>
    </message>
    <message>
        <source>The endpoint uses plain http://, so the key would travel unencrypted.</source>
        <translation>接口地址使用的是不加密的 http://，密钥会以明文传输。</translation>
    </message>
    <message>
        <source>The chosen provider has no table in config.toml, so Codex cannot start.</source>
        <translation>config.toml 中缺少所选供应商的配置段，Codex 无法启动。</translation>
    </message>
    <message>
        <source>A provider table in config.toml has no name, so Codex cannot start.</source>
        <translation>config.toml 中有一个供应商配置段缺少 name，Codex 因此无法启动。</translation>
    </message>
    <message>
        <source>Codex is not set up to use TokenPool.</source>
        <translation>Codex 还没有接入 TokenPool。</translation>
    </message>
    <message>
        <source>wire_api is not &quot;responses&quot;, so Codex refuses to start.</source>
        <translation>wire_api 不是 &quot;responses&quot;，Codex 因此无法启动。</translation>
    </message>
    <message>
        <source>The provider is set up so that Codex does not send the key in auth.json.</source>
        <translation>供应商的设置导致 Codex 不会发送 auth.json 中的密钥。</translation>
    </message>
    <message>
        <source>A ChatGPT sign-in next to the API key stops Codex from sending the key.</source>
        <translation>auth.json 里除了 API 密钥还有 ChatGPT 登录信息，导致 Codex 不发送密钥。</translation>
    </message>
    <message>
        <source>config.toml has a setting that Codex no longer uses.</source>
        <translation>config.toml 中有一项 Codex 已不再使用的设置。</translation>
    </message>
    <message>
        <source>Other users of this computer can read auth.json.</source>
        <translation>这台电脑上的其他用户可以读取 auth.json。</translation>
    </message>
    <message>
        <source>auth.json is in a git repository, so the key could be committed.</source>
        <translation>auth.json 在一个 Git 仓库里，密钥可能会随代码一起上传出去。</translation>
    </message>
    <message>
        <source>config.toml redefines a provider built into Codex, so Codex refuses to start.</source>
        <translation>config.toml 重新定义了 Codex 内置的供应商，Codex 因此无法启动。</translation>
    </message>
    <message>
        <source>A setting is written under the wrong table, so Codex ignores it.</source>
        <translation>有一项设置放错了配置段，Codex 会忽略它。</translation>
    </message>
    <message>
        <source>config.toml has an old &apos;profile&apos; line, so Codex refuses to start.</source>
        <translation>config.toml 中有一行旧的 &apos;profile&apos; 设置，Codex 因此无法启动。</translation>
    </message>
    <message>
        <source>An environment variable makes Codex send a different key.</source>
        <translation>有一个环境变量会让 Codex 改用另一个密钥。</translation>
    </message>
    <message>
        <source>The Codex CLI was not found on this computer.</source>
        <translation>在这台电脑上没有找到 Codex CLI。</translation>
    </message>
    <message>
        <source>Several Codex programs are installed; see which one runs where.</source>
        <translation>这台电脑上装了多个 Codex，不同地方运行的可能不是同一个。</translation>
    </message>
    <message>
        <source>No model is chosen in config.toml.</source>
        <translation>config.toml 中没有选择模型。</translation>
    </message>
    <message>
        <source>Codex&apos;s own check found a problem.</source>
        <translation>Codex 自带的检查发现了一个问题。</translation>
    </message>
    <message>
        <source>Codex can read config.toml, but TokenPool Setup cannot edit it.</source>
        <translation>Codex 能读取 config.toml，但 TokenPool 配置助手无法安全地修改它。</translation>
    </message>
    <message>
        <source>This Codex is newer than the versions TokenPool Setup was tested with.</source>
        <translation>这个 Codex 版本比 TokenPool 配置助手测试过的版本更新。</translation>
    </message>
    <message>
        <source>Codex is set up for another provider, not TokenPool.</source>
        <translation>Codex 当前使用的是另一个供应商，不是 TokenPool。</translation>
    </message>
    <message>
        <source>Other users of this computer can read a backup of auth.json.</source>
        <translation>这台电脑上的其他用户可以读取 auth.json 的备份。</translation>
    </message>
    <message>
        <source>config.toml requires a ChatGPT login, so Codex throws the API key away.</source>
        <translation>config.toml 要求使用 ChatGPT 登录，Codex 因此会丢弃 API 密钥。</translation>
    </message>
    <message>
        <source>config.toml has a setting Codex no longer accepts, so it refuses to start.</source>
        <translation>config.toml 中有一项 Codex 已不再支持的设置，Codex 因此无法启动。</translation>
    </message>
    <message>
        <source>config.toml has a value Codex does not know, so it refuses to start.</source>
        <translation>config.toml 中有一个 Codex 不认识的取值，Codex 因此无法启动。</translation>
    </message>
    <message>
        <source>A setting points at a file that is missing, so Codex refuses to start.</source>
        <translation>有一项设置指向的文件不存在，Codex 因此无法启动。</translation>
    </message>
    <message>
        <source>A setting points at a file Codex cannot read, so it refuses to start.</source>
        <translation>有一项设置指向的文件 Codex 无法读取，Codex 因此无法启动。</translation>
    </message>
    <message>
        <source>Codex refuses to start with a setting in config.toml.</source>
        <translation>config.toml 中的一项设置让 Codex 无法启动。</translation>
    </message>
    <message>
        <source>TokenPool does not offer the chosen model for this key.</source>
        <translation>这个密钥在 TokenPool 上不能使用所选的模型。</translation>
    </message>
    <message>
        <source>Another form of the endpoint address works better with Codex.</source>
        <translation>接口地址换一种写法，Codex 才能完整使用（如获取模型列表）。</translation>
    </message>
    <message>
        <source>TokenPool rejected the API key.</source>
        <translation>TokenPool 提示密钥无效。</translation>
    </message>
    <message>
        <source>The key has no quota left, or there are too many requests.</source>
        <translation>这个密钥的额度已用完，或者请求过于频繁。</translation>
    </message>
    <message>
        <source>The endpoint could not be reached.</source>
        <translation>无法连接到这个接口地址。</translation>
    </message>
    <message>
        <source>The gateway accepted the request, but its streamed answer failed, so Codex gets no reply.</source>
        <translation>TokenPool 接受了请求，但流式回复失败了，Codex 收不到回复。</translation>
    </message>
    <message>
        <source>Codex cannot connect through a SOCKS proxy; it needs an HTTP proxy.</source>
        <translation>Codex 无法通过 SOCKS 代理连接，需要 HTTP 代理。</translation>
    </message>
    <message>
        <source>The server&apos;s name could not be found.</source>
        <translation>找不到服务器的域名。</translation>
    </message>
    <message>
        <source>The server refused the connection.</source>
        <translation>服务器拒绝了连接。</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>服务器响应超时。</translation>
    </message>
    <message>
        <source>The secure connection to the server could not be verified.</source>
        <translation>无法验证与服务器之间的安全连接。</translation>
    </message>
    <message>
        <source>Could not connect through the proxy.</source>
        <translation>无法通过代理连接。</translation>
    </message>
    <message>
        <source>The server answered, but not as the TokenPool API does.</source>
        <translation>服务器有回应，但返回的不是 TokenPool API 的内容。</translation>
    </message>
    <message>
        <source>The server rejected the API key.</source>
        <translation>服务器提示密钥无效。</translation>
    </message>
    <message>
        <source>Too many requests, or the key is out of quota.</source>
        <translation>请求过于频繁，或者密钥的额度已用完。</translation>
    </message>
    <message>
        <source>The server had a problem answering.</source>
        <translation>服务器响应时出现了问题。</translation>
    </message>
    <message>
        <source>This computer seems to be offline.</source>
        <translation>这台电脑似乎没有连接网络。</translation>
    </message>
    <message>
        <source>The test was stopped.</source>
        <translation>测试已停止。</translation>
    </message>
    <message>
        <source>This address uses plain http:// to another computer, so the key was not sent: it would travel unencrypted.</source>
        <translation>该地址用未加密的 http:// 连接另一台电脑，密钥会以明文传输，因此没有发送。</translation>
    </message>
    <message>
        <source>The server sent far more data than such an answer can be.</source>
        <translation>服务器发来的数据远超正常回答的大小。</translation>
    </message>
    <message>
        <source>The proxy wants a user name and password.</source>
        <translation>代理需要用户名和密码。</translation>
    </message>
    <message>
        <source>The proxy did not accept its user name and password.</source>
        <translation>代理不接受所填的用户名和密码。</translation>
    </message>
    <message>
        <source>The proxy could not reach the server.</source>
        <translation>代理无法连接到服务器。</translation>
    </message>
    <message>
        <source>The proxy setting is not a valid proxy address.</source>
        <translation>代理设置不是有效的代理地址。</translation>
    </message>
    <message>
        <source>The gateway reported an impossible amount of quota.</source>
        <translation>TokenPool 报告了一个不可能的额度数值。</translation>
    </message>
    <message>
        <source>No keychain is available on this computer.</source>
        <translation>这台电脑上没有可用的系统凭据存储。</translation>
    </message>
    <message>
        <source>The key could not be saved in the keychain; Codex still has it.</source>
        <translation>密钥未能存入系统凭据存储，但 Codex 已保存密钥，不受影响。</translation>
    </message>
    <message>
        <source>The files changed in the meantime, so nothing was written.</source>
        <translation>文件在此期间被修改过，因此没有写入任何内容。</translation>
    </message>
    <message>
        <source>auth.json is in use by another program; nothing was written.</source>
        <translation>auth.json 正被其他程序占用，没有写入任何内容。</translation>
    </message>
    <message>
        <source>A file could not be read or written.</source>
        <translation>有一个文件无法读取或写入。</translation>
    </message>
    <message>
        <source>Start at login could not be turned on or off.</source>
        <translation>无法开启或关闭开机自启。</translation>
    </message>
    <message>
        <source>A start-at-login entry of the same name exists that TokenPool Setup did not write; it was left as it is.</source>
        <translation>已有一个同名的开机自启项，不是 TokenPool 配置助手创建的，因此未作改动。</translation>
    </message>
    <message>
        <source>Start at login needs TokenPool Setup in the Applications folder: move it there, open it from there, then turn it on.</source>
        <translation>开机自启需要 TokenPool 配置助手位于“应用程序”文件夹：请移到那里并从那里打开，然后再开启。</translation>
    </message>
    <message>
        <source>macOS does not allow TokenPool Setup in the background: turn it on in System Settings › General › Login Items.</source>
        <translation>macOS 未允许 TokenPool 配置助手在后台运行：请在“系统设置 › 通用 › 登录项”中开启。</translation>
    </message>
    <message>
        <source>config.toml is read-only, so it was left as it is.</source>
        <translation>config.toml 是只读的，因此保持原样。</translation>
    </message>
    <message>
        <source>A settings file could not be read.</source>
        <translation>有一个配置文件无法读取。</translation>
    </message>
    <message>
        <source>config.toml was left unchanged: part of it cannot be edited safely.</source>
        <translation>config.toml 未做任何改动：其中有一部分无法安全地修改。</translation>
    </message>
    <message>
        <source>The Codex CLI could not be started.</source>
        <translation>无法启动 Codex CLI。</translation>
    </message>
    <message>
        <source>The API key is empty or contains spaces.</source>
        <translation>API 密钥为空或包含空格。</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Nothing was half-written.</source>
        <translation>发生了意外错误，不过不会留下只写了一半的文件。</translation>
    </message>
    <message>
        <source>Codex will not offer to switch you from {old} to {new}, because TokenPool does not offer {new}.</source>
        <translation>Codex 不会再提示你从 {old} 切换到 {new}，因为 TokenPool 不提供 {new}。</translation>
    </message>
    <message>
        <source>{old} is not available for your key, so {new} is used.</source>
        <translation>你的密钥不能使用 {old}，因此改用 {new}。</translation>
    </message>
    <message>
        <source>Your ChatGPT sign-in is taken out of Codex&apos;s key file: next to an API key it stops Codex from sending the key. It is kept in the backup.</source>
        <translation>ChatGPT 登录信息将从 Codex 的密钥文件中移除：它和 API 密钥同时存在时，Codex 不会发送密钥。备份中仍保留这些信息。</translation>
    </message>
    <message>
        <source>Codex&apos;s key file was damaged; it is replaced (the old one is kept in the backup).</source>
        <translation>Codex 的密钥文件已损坏，将被替换（旧文件保留在备份中）。</translation>
    </message>
    <message>
        <source>A setting that made Codex send something other than your key is removed (it is kept in the backup).</source>
        <translation>已移除一项设置：它会让 Codex 发送别的内容，而不是你的密钥（备份中仍保留）。</translation>
    </message>
    <message>
        <source>/v1 is added to the address: this gateway lists its models only there.</source>
        <translation>接口地址末尾加上 /v1：TokenPool 只在这个地址下提供模型列表。</translation>
    </message>
    <message>
        <source>The address is written without /v1: everything Codex needs answers there.</source>
        <translation>接口地址不带 /v1：Codex 需要的内容在这里都能正常使用。</translation>
    </message>
    <message>
        <source>Codex can chat at this address, but the model list does not answer there, so Codex&apos;s own check may warn about it.</source>
        <translation>Codex 可以通过这个地址对话，但这里拿不到模型列表，Codex 自带的检查可能会对此发出提醒。</translation>
    </message>
    <message>
        <source>The repeated section [{table}] is turned into comments.</source>
        <translation>重复的配置段 [{table}] 已改为注释。</translation>
    </message>
    <message>
        <source>Line {line} could not be read and is turned into a comment.</source>
        <translation>第 {line} 行无法读取，已改为注释。</translation>
    </message>
    <message>
        <source>The provider {old} is renamed, because Codex reserves that name.</source>
        <translation>供应商 {old} 已改名，因为 Codex 保留了这个名称。</translation>
    </message>
    <message>
        <source>config.toml was not readable text; it is rebuilt (the original is kept in the backup).</source>
        <translation>config.toml 不是可读的文本，已重新生成（原文件保留在备份中）。</translation>
    </message>
    <message>
        <source>Codex could not read config.toml; the broken parts are kept as comments.</source>
        <translation>Codex 无法读取 config.toml，出错的部分已改为注释保留。</translation>
    </message>
    <message>
        <source>A second &apos;{name}&apos; is removed; the one Codex reads stays.</source>
        <translation>删除了重复的 &apos;{name}&apos;，保留 Codex 会读取的那一项。</translation>
    </message>
    <message>
        <source>The old &apos;profile&apos; line is removed (Codex refuses to start with it).</source>
        <translation>删除了旧的 &apos;profile&apos; 行（有它时 Codex 无法启动）。</translation>
    </message>
    <message>
        <source>The API key is removed from config.toml (it belongs in auth.json).</source>
        <translation>已从 config.toml 中删除 API 密钥（密钥应保存在 auth.json 中）。</translation>
    </message>
    <message>
        <source>The setting that read the key from {env} is removed (that variable is not set); Codex now uses auth.json.</source>
        <translation>删除了从环境变量 {env} 读取密钥的设置（这个变量没有设置），Codex 现在使用 auth.json。</translation>
    </message>
    <message>
        <source>The missing TokenPool provider section is added.</source>
        <translation>已补上缺少的 TokenPool 供应商配置段。</translation>
    </message>
    <message>
        <source>The chosen provider {old} did not exist; Codex now uses {new}.</source>
        <translation>所选的供应商 {old} 不存在，Codex 现在改用 {new}。</translation>
    </message>
    <message>
        <source>The endpoint is changed to {url}, where Codex&apos;s model list works too.</source>
        <translation>接口地址已改为 {url}，在这里 Codex 也能获取模型列表。</translation>
    </message>
    <message>
        <source>The setting &apos;{name}&apos; is removed: Codex no longer uses it.</source>
        <translation>已删除设置 &apos;{name}&apos;：Codex 已不再使用它。</translation>
    </message>
    <message>
        <source>The setting &apos;{name}&apos; is moved to where Codex reads it.</source>
        <translation>设置 &apos;{name}&apos; 已移到 Codex 会读取的位置。</translation>
    </message>
    <message>
        <source>The provider {id} gets the name Codex needs.</source>
        <translation>已为供应商 {id} 补上 Codex 需要的名称。</translation>
    </message>
    <message>
        <source>The endpoint now points at the API: {url}</source>
        <translation>接口地址现在指向 API：{url}</translation>
    </message>
    <message>
        <source>The endpoint now uses https://.</source>
        <translation>接口地址现在使用 https://。</translation>
    </message>
    <message>
        <source>The provider now uses the protocol Codex needs (responses).</source>
        <translation>供应商现在使用 Codex 需要的协议（responses）。</translation>
    </message>
    <message>
        <source>The provider is set so that Codex sends the key from auth.json.</source>
        <translation>供应商已设置为让 Codex 发送 auth.json 中的密钥。</translation>
    </message>
    <message>
        <source>The model is set to {model}.</source>
        <translation>模型已设为 {model}。</translation>
    </message>
    <message>
        <source>Run setup again to paste your key.</source>
        <translation>请重新配置并粘贴你的密钥。</translation>
    </message>
    <message>
        <source>The gateway&apos;s reply was empty.</source>
        <translation>TokenPool 返回了空回复。</translation>
    </message>
    <message>
        <source>Codex could not get an answer. What it said is below.</source>
        <translation>Codex 没有拿到回复。它的输出如下。</translation>
    </message>
    <message>
        <source>The key has no quota left. Top it up in the TokenPool console.</source>
        <translation>这个密钥的额度已用完。请在 TokenPool 控制台充值。</translation>
    </message>
    <message>
        <source>The key has expired. Create a new one in the TokenPool console.</source>
        <translation>这个密钥已过期。请在 TokenPool 控制台新建一个。</translation>
    </message>
    <message>
        <source>TokenPool did not accept the key when asked for the quota.</source>
        <translation>查询额度时，TokenPool 提示密钥无效。</translation>
    </message>
    <message>
        <source>The remaining quota could not be read just now.</source>
        <translation>暂时无法读取剩余额度。</translation>
    </message>
    <message>
        <source>Enter the address of the API (the endpoint).</source>
        <translation>请输入 API 的接口地址。</translation>
    </message>
    <message>
        <source>This does not look like a web address. Copy the endpoint from the TokenPool console.</source>
        <translation>这不像是一个网址。请从 TokenPool 控制台复制接口地址。</translation>
    </message>
    <message>
        <source>The address must start with https://. Copy it from the TokenPool console.</source>
        <translation>地址必须以 https:// 开头。请从 TokenPool 控制台复制。</translation>
    </message>
    <message>
        <source>The address has no server name. Copy it from the TokenPool console.</source>
        <translation>地址里没有服务器名称。请从 TokenPool 控制台复制。</translation>
    </message>
    <message>
        <source>The address contains a user name or password. Remove it: TokenPool uses your API key instead.</source>
        <translation>地址里含有用户名或密码，请删掉：TokenPool 使用的是你的 API 密钥。</translation>
    </message>
    <message>
        <source>This is the address of the website or console, not of the API. Use the endpoint shown in the console.</source>
        <translation>这是网站或控制台的地址，不是 API 的地址。请使用控制台里显示的接口地址。</translation>
    </message>
    <message>
        <source>This address uses plain http://, so your key would travel unencrypted. Use the https:// address of the API.</source>
        <translation>这个地址使用不加密的 http://，密钥会以明文传输。请使用 API 的 https:// 地址。</translation>
    </message>
    <message>
        <source>Unlimited quota</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>{remaining} of {total} left</source>
        <translation>{remaining} / {total}</translation>
    </message>
    <message>
        <source>{remaining} left</source>
        <translation>{remaining}</translation>
    </message>
    <message>
        <source>Quota: {total}</source>
        <translation>未知（总额度 {total}）</translation>
    </message>
    <message>
        <source>Quota reported without amounts</source>
        <translation>TokenPool 未提供具体数值</translation>
    </message>
    <message>
        <source>{text} today</source>
        <translation>{text}（今日）</translation>
    </message>
    <message>
        <source>{text} this week</source>
        <translation>{text}（本周）</translation>
    </message>
    <message>
        <source>{text} this month</source>
        <translation>{text}（本月）</translation>
    </message>
    <message>
        <source>{text}, valid until {date}</source>
        <translation>{text}，有效期至 {date}</translation>
    </message>
    <message>
        <source>{text}.</source>
        <translation>{text}</translation>
    </message>
    <message>
        <source>{amount} tokens</source>
        <translation>{amount} 个 token</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Codex is set up for TokenPool</source>
        <translation>Codex 已接入 TokenPool</translation>
    </message>
    <message>
        <source>Test it now, then start using Codex.</source>
        <translation>现在测试一下，然后就可以开始使用 Codex 了。</translation>
    </message>
    <message>
        <source>Written files</source>
        <translation>已写入的文件</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Codex CLI</source>
        <translation>Codex CLI</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Testing Codex</source>
        <translation>正在测试 Codex</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>测试结果</translation>
    </message>
    <message>
        <source>Remaining quota</source>
        <translation>剩余额度</translation>
    </message>
    <message>
        <source>Where the key is kept</source>
        <translation>密钥保存位置</translation>
    </message>
    <message>
        <source>If Codex is running</source>
        <translation>如果 Codex 正在运行</translation>
    </message>
    <message>
        <source>Codex reads its settings only when it starts, and keeps a background server running. Quit Codex and open it again.</source>
        <translation>Codex 只在启动时读取设置，并且会保持一个后台服务在运行。请退出 Codex 后重新打开。</translation>
    </message>
    <message>
        <source>Restart result</source>
        <translation>重启结果</translation>
    </message>
    <message>
        <source>Written: {files}</source>
        <translation>已写入：{files}</translation>
    </message>
    <message>
        <source>The files were already right.</source>
        <translation>文件原本就是正确的。</translation>
    </message>
    <message>
        <source>Remaining quota: {text}</source>
        <translation>剩余额度：{text}</translation>
    </message>
    <message>
        <source>The key is kept in Codex&apos;s auth.json (private to you) and in your system keychain.</source>
        <translation>密钥保存在 Codex 的 auth.json（仅你本人可读）和系统凭据存储中。</translation>
    </message>
    <message>
        <source>The key is kept in Codex&apos;s auth.json (private to you). No keychain is available on this computer, so it is not stored there.</source>
        <translation>密钥保存在 Codex 的 auth.json 中（仅你本人可读）。这台电脑没有可用的系统凭据存储，因此只保存在 auth.json 中。</translation>
    </message>
    <message>
        <source>Codex CLI {version}: {path}</source>
        <translation>Codex CLI {version}：{path}</translation>
    </message>
    <message>
        <source>&amp;Test Codex now</source>
        <translation>立即测试 Codex(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Restart Codex&apos;s background server</source>
        <translation>重启 Codex 后台服务(&amp;R)</translation>
    </message>
    <message>
        <source>The Codex CLI is not installed yet. The test below calls TokenPool directly.</source>
        <translation>尚未安装 Codex CLI。下面的测试将直接连接 TokenPool。</translation>
    </message>
    <message>
        <source>There were no Codex settings files before, so there was nothing to back up.</source>
        <translation>之前没有 Codex 配置文件，因此无需备份。</translation>
    </message>
    <message>
        <source>The old files ({files}) are saved in {folder}</source>
        <translation>原来的文件（{files}）已保存在 {folder}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Re&amp;pair these settings</source>
        <translation>修复这些设置(&amp;P)</translation>
    </message>
    <message>
        <source>The key is kept in Codex&apos;s auth.json (private to you). The system keychain did not accept it, so it is not stored there; Codex works without it.</source>
        <translation>密钥保存在 Codex 的 auth.json 中（仅你本人可读）。系统凭据存储未能保存密钥，不影响 Codex 使用。</translation>
    </message>
    <message>
        <source>Asking Codex… (up to a minute)</source>
        <translation>正在通过 Codex 发送测试消息…（最多约一分钟）</translation>
    </message>
    <message>
        <source>Asking TokenPool…</source>
        <translation>正在向 TokenPool 发送测试消息…</translation>
    </message>
    <message>
        <source>Codex answered:</source>
        <translation>Codex 回复：</translation>
    </message>
    <message>
        <source>TokenPool answered:</source>
        <translation>TokenPool 回复：</translation>
    </message>
    <message>
        <source>Looking at what stops Codex…</source>
        <translation>正在查找导致 Codex 无法运行的原因…</translation>
    </message>
    <message>
        <source>TokenPool Setup cannot change this setting by itself. Run “tokenpool-setup doctor” in a terminal: it names the line to change.</source>
        <translation>TokenPool 配置助手无法自动修改这项设置。请在终端运行 tokenpool-setup doctor 查看要修改的行。</translation>
    </message>
    <message>
        <source>Repair Codex&apos;s settings</source>
        <translation>修复 Codex 的设置</translation>
    </message>
    <message>
        <source>Repair changes config.toml so that Codex starts again. Your other settings stay as they are, and today&apos;s files are kept in a backup.</source>
        <translation>修复会修改 config.toml，让 Codex 能重新启动。其他设置保持不变，当前的文件会先备份。</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <source>Repairing…</source>
        <translation>正在修复…</translation>
    </message>
    <message>
        <source>TokenPool does not offer the model {model} for this key. Go back and choose another model.</source>
        <translation>这个密钥在 TokenPool 上不能使用模型 {model}。请返回并选择其他模型。</translation>
    </message>
    <message>
        <source>Asking for the remaining quota…</source>
        <translation>正在查询剩余额度…</translation>
    </message>
    <message>
        <source>Restarting…</source>
        <translation>正在重启…</translation>
    </message>
    <message>
        <source>Codex&apos;s background server was restarted.</source>
        <translation>Codex 后台服务已重启。</translation>
    </message>
    <message>
        <source>Codex&apos;s background server is not running; nothing to restart.</source>
        <translation>Codex 后台服务没有运行，无需重启。</translation>
    </message>
    <message>
        <source>The background server could not be restarted. Quit Codex and open it again.</source>
        <translation>无法重启后台服务。请退出 Codex 后重新打开。</translation>
    </message>
</context>
<context>
    <name>EndpointPage</name>
    <message>
        <source>Choose the endpoint</source>
        <translation>选择接口地址</translation>
    </message>
    <message>
        <source>Each endpoint is tested with your key. The recommended healthy one is chosen.</source>
        <translation>每个接口地址都会用你的密钥测试，并自动选中推荐且可用的那个。</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Test the endpoints again</source>
        <translation>重新测试接口地址</translation>
    </message>
    <message>
        <source>Testing the endpoints</source>
        <translation>正在测试接口地址</translation>
    </message>
    <message>
        <source>Chosen endpoint</source>
        <translation>已选接口地址</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Custom endpoint address</source>
        <translation>自定义接口地址</translation>
    </message>
    <message>
        <source>Add custom… (https://…)</source>
        <translation>添加自定义地址…（https://…）</translation>
    </message>
    <message>
        <source>Add the custom endpoint</source>
        <translation>添加自定义接口地址</translation>
    </message>
    <message>
        <source>Custom endpoint</source>
        <translation>自定义接口地址</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>&amp;Retest</source>
        <translation>重新测试(&amp;R)</translation>
    </message>
    <message>
        <source>Test again with more &amp;time</source>
        <translation>延长时间重新测试(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Use this endpoint anyway (Codex will probably not work with it)</source>
        <translation>仍然使用这个地址（Codex 很可能无法正常工作）(&amp;U)</translation>
    </message>
    <message>
        <source>Change the &amp;key</source>
        <translation>更换密钥(&amp;K)</translation>
    </message>
    <message>
        <source>A&amp;dd</source>
        <translation>添加(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Other endpoint:</source>
        <translation>其他地址(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>{endpoint}: {result}</source>
        <translation>{endpoint}：{result}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>测试中…</translation>
    </message>
    <message>
        <source>{ms} ms</source>
        <translation>{ms} 毫秒</translation>
    </message>
    <message>
        <source>Answers slowly</source>
        <translation>响应较慢</translation>
    </message>
    <message>
        <source>Testing {url} with your key…</source>
        <translation>正在用你的密钥测试 {url}…</translation>
    </message>
    <message>
        <source>{url} answered in {ms} ms with {count} models.</source>
        <translation>{url} 在 {ms} 毫秒内响应，提供 {count} 个模型。</translation>
    </message>
    <message>
        <source>{host} answered, but slowly: the test did not finish in {seconds} seconds. Test again with more time, or use it anyway.</source>
        <translation>{host} 有回应，但速度较慢：测试没能在 {seconds} 秒内完成。请延长时间重新测试，或仍然使用它。</translation>
    </message>
    <message>
        <source>{host} answered, but not as the TokenPool API does. Check the address in the TokenPool console.</source>
        <translation>{host} 有回应，但返回的不是 TokenPool API 的内容。请在 TokenPool 控制台核对地址。</translation>
    </message>
    <message>
        <source>Testing the endpoints…</source>
        <translation>正在测试接口地址…</translation>
    </message>
    <message>
        <source>{url} failed the test: {reason}</source>
        <translation>{url} 测试未通过：{reason}</translation>
    </message>
    <message>
        <source>&amp;Use it anyway (Codex waits longer than this test)</source>
        <translation>仍然使用（Codex 等待的时间比这次测试更长）(&amp;U)</translation>
    </message>
    <message>
        <source>TokenPool rejected this key. Go back and paste the full key again (use the copy button in the console).</source>
        <translation>TokenPool 提示密钥无效。请返回并重新粘贴完整的密钥（使用控制台中的复制按钮）。</translation>
    </message>
    <message>
        <source>The key was accepted, but TokenPool says it has no quota left or too many requests. Check the balance in the TokenPool console, then press Retest.</source>
        <translation>密钥有效，但 TokenPool 表示额度已用完或请求过于频繁。请在 TokenPool 控制台查看额度，然后点击“重新测试”。</translation>
    </message>
    <message>
        <source>None of the endpoints could be reached. Check that this computer is online (and any VPN or proxy), then press Retest.</source>
        <translation>所有接口地址都无法连接。请检查这台电脑是否已联网（以及 VPN 或代理设置），然后点击“重新测试”。</translation>
    </message>
    <message>
        <source>The endpoints can be reached, but they answered too slowly for this test. Test again with more time, or use the chosen endpoint anyway.</source>
        <translation>接口地址可以连上，但回应太慢，测试没能完成。请延长时间重新测试，或仍然使用所选的接口地址。</translation>
    </message>
    <message>
        <source>This endpoint does not list the model {model} for your key, so Codex may not work with it.</source>
        <translation>你的密钥在这个接口地址上没有 {model} 模型可用，Codex 可能无法正常工作。</translation>
    </message>
    <message>
        <source>Name not found</source>
        <translation>找不到域名</translation>
    </message>
    <message>
        <source>Connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>No answer in time</source>
        <translation>响应超时</translation>
    </message>
    <message>
        <source>Secure connection failed</source>
        <translation>安全连接失败</translation>
    </message>
    <message>
        <source>Proxy failed</source>
        <translation>代理连接失败</translation>
    </message>
    <message>
        <source>Not the API</source>
        <translation>不是 API 地址</translation>
    </message>
    <message>
        <source>Key rejected</source>
        <translation>密钥无效</translation>
    </message>
    <message>
        <source>No quota / too busy</source>
        <translation>额度用完或请求过频</translation>
    </message>
    <message>
        <source>No network</source>
        <translation>没有网络</translation>
    </message>
    <message>
        <source>Server error</source>
        <translation>服务器错误</translation>
    </message>
    <message>
        <source>Not encrypted</source>
        <translation>未加密</translation>
    </message>
    <message>
        <source>Answer too large</source>
        <translation>回答过大</translation>
    </message>
    <message>
        <source>Proxy wants a password</source>
        <translation>代理需要密码</translation>
    </message>
    <message>
        <source>Proxy password wrong</source>
        <translation>代理密码错误</translation>
    </message>
    <message>
        <source>Bad proxy setting</source>
        <translation>代理设置有误</translation>
    </message>
    <message>
        <source>The name {host} could not be found. Check it for typos; your network may also be blocking it.</source>
        <translation>找不到域名 {host}。请检查是否有拼写错误，也可能是网络拦截了它。</translation>
    </message>
    <message>
        <source>{host} refused the connection. A firewall or VPN may be blocking it.</source>
        <translation>{host} 拒绝了连接。可能是防火墙或 VPN 拦截了它。</translation>
    </message>
    <message>
        <source>{host} did not answer in time. The network may be slow or blocking it.</source>
        <translation>{host} 响应超时。可能是网络太慢，或访问被拦截了。</translation>
    </message>
    <message>
        <source>The secure connection to {host} could not be verified. Check the computer&apos;s date and time; antivirus or a company network may be intercepting it.</source>
        <translation>无法验证与 {host} 的安全连接。请检查电脑的日期和时间，杀毒软件或公司网络也可能拦截了连接。</translation>
    </message>
    <message>
        <source>Could not connect through the proxy. Check the proxy settings.</source>
        <translation>无法通过代理连接。请检查代理设置。</translation>
    </message>
    <message>
        <source>{host} is plain http:// to another computer, so the key was not sent (it would travel unencrypted). Use the https:// address.</source>
        <translation>{host} 用未加密的 http:// 连接另一台电脑，密钥没有发送（否则会以明文传输）。请使用 https:// 地址。</translation>
    </message>
    <message>
        <source>{host} sent far more data than an answer can be, so reading was stopped.</source>
        <translation>{host} 发来的数据远超正常回答的大小，已停止读取。</translation>
    </message>
    <message>
        <source>The proxy wants a user name and password. Add them to the proxy setting, or use a proxy that needs none.</source>
        <translation>代理需要用户名和密码。请在代理设置中填写，或改用无需登录的代理。</translation>
    </message>
    <message>
        <source>The proxy did not accept its user name and password. Check them in the proxy setting.</source>
        <translation>代理不接受所填的用户名和密码，请检查代理设置。</translation>
    </message>
    <message>
        <source>The proxy could not reach {host}.</source>
        <translation>代理无法连接到 {host}。</translation>
    </message>
    <message>
        <source>The proxy setting is not a valid proxy address. Correct it or remove it.</source>
        <translation>代理设置不是有效的代理地址，请更正或删除。</translation>
    </message>
    <message>
        <source>{host} answered, but not as the TokenPool API does. Use the recommended endpoint.</source>
        <translation>{host} 有回应，但返回的不是 TokenPool API 的内容。请使用推荐的接口地址。</translation>
    </message>
    <message>
        <source>Alternative</source>
        <translation>备用</translation>
    </message>
    <message>
        <source>{host} rejected the key.</source>
        <translation>{host} 提示密钥无效。</translation>
    </message>
    <message>
        <source>{host} says too many requests, or the key is out of quota.</source>
        <translation>{host} 表示请求过于频繁，或密钥额度已用完。</translation>
    </message>
    <message>
        <source>This computer seems to have no network connection.</source>
        <translation>这台电脑似乎没有网络连接。</translation>
    </message>
    <message>
        <source>{host} had a problem answering. Try again in a minute.</source>
        <translation>{host} 响应出错。请稍后再试。</translation>
    </message>
</context>
<context>
    <name>HostWatch</name>
    <message>
        <source>The system tray went away (its panel was closed or restarted). This window stands in for the icon until the tray is back.</source>
        <translation>系统托盘不见了（它所在的面板被关闭或重启）。在托盘恢复之前，由这个窗口代替图标。</translation>
    </message>
</context>
<context>
    <name>KeyPage</name>
    <message>
        <source>Your TokenPool API key</source>
        <translation>你的 TokenPool API 密钥</translation>
    </message>
    <message>
        <source>Copy the key in the TokenPool console and paste it here.</source>
        <translation>在 TokenPool 控制台的“令牌”页面复制 API Key（密钥），粘贴到这里。</translation>
    </message>
    <message>
        <source>The key is a long code that usually starts with sk-. Pasting a whole auth.json or a line like export OPENAI_API_KEY=… works too. The key stays on this computer.</source>
        <translation>密钥是一长串字符，通常以 sk- 开头。也可以直接粘贴整个 auth.json 或 export OPENAI_API_KEY=… 这样的一行。密钥只会保存在这台电脑上。</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Paste your API key (sk-…)</source>
        <translation>粘贴你的 API 密钥（sk-…）</translation>
    </message>
    <message>
        <source>Paste the key from the clipboard</source>
        <translation>从剪贴板粘贴密钥</translation>
    </message>
    <message>
        <source>Key check</source>
        <translation>密钥检查</translation>
    </message>
    <message>
        <source>No key yet, or lost it?</source>
        <translation>还没有密钥，或者找不到了？</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Open the TokenPool &amp;console</source>
        <translation>打开 TokenPool 控制台(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Hide</source>
        <translation>隐藏(&amp;H)</translation>
    </message>
    <message>
        <source>Clear the key</source>
        <translation>清除密钥</translation>
    </message>
    <message>
        <source>Show the key</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>Hide the key</source>
        <translation>隐藏密钥</translation>
    </message>
    <message>
        <source>Waiting for your key.</source>
        <translation>等待输入密钥。</translation>
    </message>
    <message>
        <source>The key looks complete. It is tested online on the next page.</source>
        <translation>密钥看起来是完整的。下一页会在线测试它。</translation>
    </message>
    <message>
        <source>TokenPool refused this key. Paste the full key again (the copy button in the console copies all of it), or create a new key there.</source>
        <translation>TokenPool 提示这个密钥无效。请重新粘贴完整的密钥（控制台的复制按钮会复制完整密钥），或在控制台新建一个。</translation>
    </message>
    <message>
        <source>This is the masked key shown in the console (it contains … or ***). Copy the full key with the copy button next to it.</source>
        <translation>这是控制台里部分隐藏的密钥（含 … 或 ***），不能直接使用。请用旁边的复制按钮复制完整密钥。</translation>
    </message>
    <message>
        <source>The key seems to be pasted twice in a row. Clear the box and paste it once.</source>
        <translation>密钥似乎被连续粘贴了两次。请清空输入框后只粘贴一次。</translation>
    </message>
    <message>
        <source>This is a web address, not an API key. The key is a long code that usually starts with sk-.</source>
        <translation>这是一个网址，不是 API 密钥。密钥是一长串字符，通常以 sk- 开头。</translation>
    </message>
    <message>
        <source>The key has a space or line break inside it. Copy it again in one piece.</source>
        <translation>密钥中间有空格或换行。请完整地重新复制一次。</translation>
    </message>
    <message>
        <source>The key contains characters a key never has. Copy it again with the console&apos;s copy button.</source>
        <translation>密钥里有不该出现的字符。请用控制台的复制按钮重新复制。</translation>
    </message>
    <message>
        <source>The key is only {length} characters long, so it is probably cut off. Copy the whole key again.</source>
        <translation>密钥只有 {length} 个字符，可能没有复制完整。请重新复制完整的密钥。</translation>
    </message>
    <message>
        <source>The key is {length} characters long, much longer than any key. Copy only the key.</source>
        <translation>密钥长达 {length} 个字符，远超正常长度，可能混入了其他内容。请只复制密钥本身。</translation>
    </message>
    <message>
        <source>The key is {length} characters long, which is unusual. It may still be fine; the test on the next page will tell.</source>
        <translation>密钥长度为 {length} 个字符，不太常见，但可能仍然有效，下一页的测试会给出结果。</translation>
    </message>
    <message>
        <source>TokenPool keys usually start with sk-. If your console shows it like this, it is fine.</source>
        <translation>TokenPool 密钥通常以 sk- 开头。如果控制台中显示的就是这样，那就没问题。</translation>
    </message>
</context>
<context>
    <name>OverflowHint</name>
    <message>
        <source>Windows may keep the TokenPool icon under ^ at the right end of the taskbar. To keep it in view: Settings › Personalization › Taskbar › Other system tray icons, then turn TokenPool Setup on.</source>
        <translation>Windows 可能把 TokenPool 图标收在任务栏右端的 ^ 里。要让它一直显示：设置 › 个性化 › 任务栏 › 其他系统托盘图标，找到以 TokenPool 开头的那一项并打开。</translation>
    </message>
    <message>
        <source>Where the tray icon is</source>
        <translation>托盘图标在哪里</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Check the changes</source>
        <translation>确认更改</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Changes to the Codex files</source>
        <translation>Codex 文件的更改</translation>
    </message>
    <message>
        <source>File locations</source>
        <translation>文件位置</translation>
    </message>
    <message>
        <source>Technical notes</source>
        <translation>技术说明</translation>
    </message>
    <message>
        <source>Exactly what will be written (your key is shown masked):</source>
        <translation>将要写入的确切内容（密钥已部分隐藏）：</translation>
    </message>
    <message>
        <source>Show the exact &amp;changes</source>
        <translation>查看具体更改(&amp;C)</translation>
    </message>
    <message>
        <source>Hide the exact &amp;changes</source>
        <translation>隐藏具体更改(&amp;C)</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>正在准备</translation>
    </message>
    <message>
        <source>&amp;Write configuration</source>
        <translation>写入配置(&amp;W)</translation>
    </message>
    <message>
        <source>Nothing is written until you press “Write configuration”.</source>
        <translation>在你点击“写入配置”之前，不会写入任何内容。</translation>
    </message>
    <message>
        <source>Back to the &amp;start (repair)</source>
        <translation>返回第一步进行修复(&amp;S)</translation>
    </message>
    <message>
        <source>Preparing the changes…</source>
        <translation>正在准备更改…</translation>
    </message>
    <message>
        <source>Already right; left unchanged.</source>
        <translation>已经正确，保持不变。</translation>
    </message>
    <message>
        <source>The files changed while you were looking (Codex edits them too), so nothing was written. This is the new preview: check it and write again.</source>
        <translation>在你查看期间这些文件被改动了（Codex 也会修改它们），所以没有写入任何内容。这是新的预览：请检查后再次写入。</translation>
    </message>
    <message>
        <source>Codex already uses TokenPool at {host} with the model {model}. Nothing needs to change.</source>
        <translation>Codex 已经通过 {host} 使用 TokenPool 的模型 {model}，无需更改。</translation>
    </message>
    <message>
        <source>Codex will use TokenPool at {host} with the model {model}.</source>
        <translation>Codex 将通过 {host} 使用 TokenPool 的模型 {model}。</translation>
    </message>
    <message>
        <source>Your other settings — {kept} — stay as they are.</source>
        <translation>以下内容保持不变：{kept}。</translation>
    </message>
    <message>
        <source>Your key goes into Codex&apos;s private key file.</source>
        <translation>密钥将保存到 Codex 的私有密钥文件中。</translation>
    </message>
    <message>
        <source>Codex already has your key.</source>
        <translation>Codex 已经保存了你的密钥。</translation>
    </message>
    <message>
        <source>{first} {second}</source>
        <translation>{first}{second}</translation>
    </message>
    <message>
        <source>1 tool</source>
        <translation>1 个工具</translation>
    </message>
    <message>
        <source>{n} tools</source>
        <translation>{n} 个工具</translation>
    </message>
    <message>
        <source>1 project</source>
        <translation>1 个项目</translation>
    </message>
    <message>
        <source>{n} projects</source>
        <translation>{n} 个项目</translation>
    </message>
    <message>
        <source>1 other provider</source>
        <translation>1 个其他供应商</translation>
    </message>
    <message>
        <source>{n} other providers</source>
        <translation>{n} 个其他供应商</translation>
    </message>
    <message>
        <source>1 profile</source>
        <translation>1 个配置方案</translation>
    </message>
    <message>
        <source>{n} profiles</source>
        <translation>{n} 个配置方案</translation>
    </message>
    <message>
        <source>1 other setting</source>
        <translation>1 项其他设置</translation>
    </message>
    <message>
        <source>{n} other settings</source>
        <translation>{n} 项其他设置</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>There are no Codex settings files yet, so there is nothing to back up.</source>
        <translation>目前还没有 Codex 配置文件，因此无需备份。</translation>
    </message>
    <message>
        <source>Today&apos;s files are backed up first, in {folder}</source>
        <translation>现有文件会先备份到 {folder}</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
</context>
<context>
    <name>QuotaChart</name>
    <message>
        <source>The chart of the last days fills in as the quota is checked.</source>
        <translation>每次查询额度后，这里会逐渐显示最近几天的变化。</translation>
    </message>
</context>
<context>
    <name>RepairPage</name>
    <message>
        <source>Repair the Codex settings</source>
        <translation>修复 Codex 设置</translation>
    </message>
    <message>
        <source>These fixes are written with a backup of the old files. Then setup goes on.</source>
        <translation>修复前会先备份旧文件，修复完成后继续配置。</translation>
    </message>
    <message>
        <source>&amp;Repair with backup</source>
        <translation>备份并修复(&amp;R)</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Changes the repair makes</source>
        <translation>修复将做出的更改</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Technical notes</source>
        <translation>技术说明</translation>
    </message>
    <message>
        <source>Show the exact &amp;changes</source>
        <translation>查看具体更改(&amp;C)</translation>
    </message>
    <message>
        <source>Hide the exact &amp;changes</source>
        <translation>隐藏具体更改(&amp;C)</translation>
    </message>
    <message>
        <source>Working out the repair…</source>
        <translation>正在检查需要修复的内容…</translation>
    </message>
    <message>
        <source>The old files are backed up first, in {folder}</source>
        <translation>原来的文件会先备份到 {folder}</translation>
    </message>
    <message>
        <source>Repair fixes these problems:</source>
        <translation>修复将解决以下问题：</translation>
    </message>
    <message>
        <source>Everything else in your settings stays as it is.</source>
        <translation>其他设置都保持不变。</translation>
    </message>
    <message>
        <source>Made private to you (only you can read it).</source>
        <translation>设为仅你本人可读。</translation>
    </message>
    <message>
        <source>Nothing here can be repaired automatically.</source>
        <translation>这里没有可以自动修复的内容。</translation>
    </message>
    <message>
        <source>Repairing…</source>
        <translation>正在修复…</translation>
    </message>
    <message>
        <source>Repaired.</source>
        <translation>已修复。</translation>
    </message>
    <message>
        <source>The old files are saved in {folder}</source>
        <translation>旧文件已保存在 {folder}</translation>
    </message>
</context>
<context>
    <name>SecretLineEdit</name>
    <message>
        <source>{count} characters entered</source>
        <translation>已输入 {count} 个字符</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Write configuration</source>
        <translation>写入配置</translation>
    </message>
    <message>
        <source>TokenPool Setup</source>
        <translation>TokenPool 配置助手</translation>
    </message>
    <message>
        <source>&amp;Write configuration</source>
        <translation>写入配置(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>TokenPool logo</source>
        <translation>TokenPool 标志</translation>
    </message>
    <message>
        <source>Close TokenPool Setup?</source>
        <translation>关闭 TokenPool 配置助手？</translation>
    </message>
    <message>
        <source>Close without setting up Codex?</source>
        <translation>不完成 Codex 配置就关闭吗？</translation>
    </message>
    <message>
        <source>The key you entered and the test results are not kept. Nothing has been written to your Codex settings.</source>
        <translation>你输入的密钥和测试结果不会保留。Codex 的配置文件没有任何改动。</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Keep setting up</source>
        <translation>继续配置(&amp;K)</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>疑问</translation>
    </message>
</context>
<context>
    <name>SupportReportDialog</name>
    <message>
        <source>Report for support</source>
        <translation>给客服的诊断报告</translation>
    </message>
    <message>
        <source>This report tells TokenPool&apos;s support what this computer has: versions, the problems found, how the endpoints answer. Your key is masked, and your user name, home folder and other providers&apos; addresses are left out. Read it, then copy it into your message or save it as a file.</source>
        <translation>这份报告告诉 TokenPool 客服这台电脑上的情况：各软件版本、发现的问题、各个接口地址的响应情况。密钥只显示一部分，你的用户名、主文件夹和其他供应商的地址都不会写进去。请先看一遍，再复制到你的消息里，或保存为文件。</translation>
    </message>
    <message>
        <source>Making the report… (up to a minute: it tests the endpoints)</source>
        <translation>正在生成报告……（最多约一分钟：需要测试各个接口地址）</translation>
    </message>
    <message>
        <source>&amp;Copy to clipboard</source>
        <translation>复制到剪贴板(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save as a file…</source>
        <translation>保存为文件(&amp;S)…</translation>
    </message>
    <message>
        <source>Copied. Paste it into your message to TokenPool&apos;s support.</source>
        <translation>已复制。请粘贴到你发给 TokenPool 客服的消息里。</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>Saved as {0}. Attach this file to your message.</source>
        <translation>已保存为 {0}。请把这个文件附在你的消息里。</translation>
    </message>
    <message>
        <source>This app&apos;s own command line could not be started.</source>
        <translation>无法启动本程序的命令行部分。</translation>
    </message>
    <message>
        <source>It took longer than a minute and a half, so it was stopped.</source>
        <translation>用时超过一分半钟，已停止。</translation>
    </message>
    <message>
        <source>The report is ready. Nothing is sent by itself.</source>
        <translation>报告已生成。不会自动发送任何内容。</translation>
    </message>
    <message>
        <source>The report could not be made. {0}</source>
        <translation>无法生成报告。{0}</translation>
    </message>
    <message>
        <source>Run &apos;tokenpool-setup report&apos; in a terminal instead, and send what it prints.</source>
        <translation>请改为在终端中运行 tokenpool-setup report，并把输出内容发给客服。</translation>
    </message>
    <message>
        <source>Copy a report for s&amp;upport…</source>
        <translation>复制给客服的诊断报告(&amp;U)…</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>TokenPool: checking…</source>
        <translation>TokenPool：正在查询…</translation>
    </message>
    <message>
        <source>TokenPool quota</source>
        <translation>TokenPool 额度</translation>
    </message>
    <message>
        <source>TokenPool refused the key</source>
        <translation>TokenPool 提示密钥无效</translation>
    </message>
    <message>
        <source>Codex cannot work until the key is fixed: open the panel and choose Run setup again to paste your key.</source>
        <translation>密钥问题解决前 Codex 无法工作：请打开面板，选择“重新配置”，再粘贴一次密钥。</translation>
    </message>
    <message>
        <source>TokenPool key expired</source>
        <translation>TokenPool 密钥已过期</translation>
    </message>
    <message>
        <source>Renew it in the TokenPool console.</source>
        <translation>请在 TokenPool 控制台续期。</translation>
    </message>
    <message>
        <source>No TokenPool quota left</source>
        <translation>TokenPool 额度已用完</translation>
    </message>
    <message>
        <source>Top up in the TokenPool console.</source>
        <translation>请在 TokenPool 控制台充值。</translation>
    </message>
    <message>
        <source>TokenPool quota under %1 %</source>
        <translation>TokenPool 剩余额度低于 %1%</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>Codex will not reach TokenPool</source>
        <translation>Codex 将无法连接 TokenPool</translation>
    </message>
    <message>
        <source>Its files changed. Open the panel to repair them.</source>
        <translation>Codex 的配置文件被改动了，请打开面板进行修复。</translation>
    </message>
    <message>
        <source>Show &amp;quota</source>
        <translation>查看额度(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Retest &amp;endpoints</source>
        <translation>重新测试接口地址(&amp;E)</translation>
    </message>
    <message>
        <source>Re&amp;pair</source>
        <translation>修复(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Test Codex</source>
        <translation>测试 Codex(&amp;T)</translation>
    </message>
    <message>
        <source>Copy a report for s&amp;upport…</source>
        <translation>复制给客服的诊断报告(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;About TokenPool Setup</source>
        <translation>关于 TokenPool 配置助手(&amp;A)</translation>
    </message>
    <message>
        <source>Start at &amp;login</source>
        <translation>开机自启(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Start at login could not be changed: %1</source>
        <translation>无法更改开机自启设置：%1</translation>
    </message>
    <message>
        <source>Already checking…</source>
        <translation>正在查询中…</translation>
    </message>
    <message>
        <source>The gateway asked to wait: rate limited until %1.</source>
        <translation>TokenPool 要求稍后再试：请求过于频繁，%1 之后才能再查询。</translation>
    </message>
    <message>
        <source>Checked a moment ago; try again in %1 s.</source>
        <translation>刚刚查询过，请在 %1 秒后再试。</translation>
    </message>
    <message>
        <source>Testing the endpoints…</source>
        <translation>正在测试各个接口地址…</translation>
    </message>
    <message>
        <source>%1: %2 ms</source>
        <translation>%1：%2 毫秒</translation>
    </message>
    <message>
        <source>The current endpoint does not answer.</source>
        <translation>当前接口地址没有响应。</translation>
    </message>
    <message>
        <source>Another endpoint is clearly faster.</source>
        <translation>另一个接口地址明显更快。</translation>
    </message>
    <message>
        <source>The current endpoint is the best one.</source>
        <translation>当前接口地址已是最佳选择。</translation>
    </message>
    <message>
        <source>No endpoint answers right now.</source>
        <translation>目前没有任何接口地址响应。</translation>
    </message>
    <message>
        <source>No API key was found for Codex.</source>
        <translation>没有找到 Codex 使用的 API 密钥。</translation>
    </message>
    <message>
        <source>&amp;Switch to %1</source>
        <translation>切换到 %1(&amp;S)</translation>
    </message>
    <message>
        <source>Codex now uses %1.</source>
        <translation>Codex 现在使用 %1。</translation>
    </message>
    <message>
        <source>The old files are in the backup %1.</source>
        <translation>旧文件已备份到 %1。</translation>
    </message>
    <message>
        <source>Checking Codex&apos;s files and the gateway…</source>
        <translation>正在检查 Codex 的配置文件和 TokenPool…</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <source>Found:</source>
        <translation>发现的问题：</translation>
    </message>
    <message>
        <source>Repaired.</source>
        <translation>已修复。</translation>
    </message>
    <message>
        <source>Still to fix by hand:</source>
        <translation>仍需手动处理：</translation>
    </message>
    <message>
        <source>Asking Codex for a short reply…</source>
        <translation>正在通过 Codex 发送测试消息…</translation>
    </message>
    <message>
        <source>The Codex CLI was not found on this computer.</source>
        <translation>在这台电脑上没有找到 Codex CLI。</translation>
    </message>
    <message>
        <source>Codex works. It replied: %1</source>
        <translation>Codex 工作正常，它的回复是：%1</translation>
    </message>
    <message>
        <source>Codex did not work:</source>
        <translation>Codex 没有正常工作：</translation>
    </message>
    <message>
        <source>Codex offered to move you from the model &quot;%1&quot; to &quot;%2&quot;, which TokenPool does not offer. So that Codex keeps working, the offer was marked as seen in config.toml ([notice.model_migrations]); nothing else changed. To undo it, delete that section or restore the backup %3.</source>
        <translation>Codex 提议把模型从“%1”换成“%2”，但 TokenPool 不提供该模型。为了让 Codex 继续可用，已在 config.toml 中把这次提议标记为已读（[notice.model_migrations] 配置段），其他内容均未改动。如需撤销，请删除该配置段，或恢复备份 %3。</translation>
    </message>
    <message>
        <source>A newer TokenPool Setup is available: %2 (you have %1). Its release page: %3</source>
        <translation>TokenPool 配置助手有新版本：%2（你现在用的是 %1）。发布页面：%3</translation>
    </message>
    <message>
        <source>Settings cannot be saved: the folder %1 cannot be written. The quota is still shown.</source>
        <translation>无法保存设置：文件夹 %1 不可写入。额度仍会照常显示。</translation>
    </message>
    <message>
        <source>A mistake in tray.json: %1</source>
        <translation>tray.json 中有错误：%1</translation>
    </message>
</context>
<context>
    <name>TrayOptIn</name>
    <message>
        <source>Show my quota in the tra&amp;y and start it when I log in</source>
        <translation>在系统托盘中显示我的剩余额度，并设为开机自启(&amp;Y)</translation>
    </message>
    <message>
        <source>Show my quota in the tra&amp;y (to start it when you log in, first move TokenPool Setup to the Applications folder)</source>
        <translation>在菜单栏中显示我的额度（如需开机自启，请先将 TokenPool 配置助手移到“应用程序”文件夹）(&amp;Y)</translation>
    </message>
</context>
<context>
    <name>TrayPanel</name>
    <message>
        <source>TokenPool quota</source>
        <translation>TokenPool 额度</translation>
    </message>
    <message>
        <source>TokenPool quota panel</source>
        <translation>TokenPool 额度面板</translation>
    </message>
    <message>
        <source>How to get a tray icon</source>
        <translation>如何显示托盘图标</translation>
    </message>
    <message>
        <source>Remaining quota</source>
        <translation>剩余额度</translation>
    </message>
    <message>
        <source>Share of the quota left</source>
        <translation>剩余额度占比</translation>
    </message>
    <message>
        <source>Quota details</source>
        <translation>额度详情</translation>
    </message>
    <message>
        <source>Why the quota could not be read</source>
        <translation>无法读取额度的原因</translation>
    </message>
    <message>
        <source>Remaining quota over the last days</source>
        <translation>最近几天的剩余额度</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>预计</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <source>Codex</source>
        <translation>Codex</translation>
    </message>
    <message>
        <source>What changed in Codex&apos;s files</source>
        <translation>Codex 配置文件的变化</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>&amp;Fix it</source>
        <translation>立即修复(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Retest &amp;endpoints</source>
        <translation>重新测试接口地址(&amp;E)</translation>
    </message>
    <message>
        <source>Re&amp;pair</source>
        <translation>修复(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Test Codex</source>
        <translation>测试 Codex(&amp;T)</translation>
    </message>
    <message>
        <source>Start at &amp;login</source>
        <translation>开机自启(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>No API key found</source>
        <translation>没有找到 API 密钥</translation>
    </message>
    <message>
        <source>Codex is not set up for TokenPool</source>
        <translation>Codex 还没有接入 TokenPool</translation>
    </message>
    <message>
        <source>Key refused</source>
        <translation>密钥无效</translation>
    </message>
    <message>
        <source>Key expired</source>
        <translation>密钥已过期</translation>
    </message>
    <message>
        <source>No quota left</source>
        <translation>额度已用完</translation>
    </message>
    <message>
        <source>Quota not reported</source>
        <translation>TokenPool 未提供额度信息</translation>
    </message>
    <message>
        <source>Quota unknown</source>
        <translation>额度未知</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>无限额度</translation>
    </message>
    <message>
        <source>%1 left of %2</source>
        <translation>剩余 %1 / 共 %2</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>no API key found</source>
        <translation>没有找到 API 密钥</translation>
    </message>
    <message>
        <source>Codex is not set up</source>
        <translation>Codex 尚未配置</translation>
    </message>
    <message>
        <source>key refused</source>
        <translation>密钥无效</translation>
    </message>
    <message>
        <source>key expired</source>
        <translation>密钥已过期</translation>
    </message>
    <message>
        <source>no quota left</source>
        <translation>额度已用完</translation>
    </message>
    <message>
        <source>quota not reported</source>
        <translation>未提供额度信息</translation>
    </message>
    <message>
        <source>quota unknown</source>
        <translation>额度未知</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>无限额度</translation>
    </message>
    <message>
        <source>TokenPool: %1</source>
        <translation>TokenPool：%1</translation>
    </message>
    <message>
        <source>(not updated: the last check failed)</source>
        <translation>（未更新：上次查询失败）</translation>
    </message>
    <message>
        <source>updated just now</source>
        <translation>刚刚更新</translation>
    </message>
    <message>
        <source>News</source>
        <translation>消息</translation>
    </message>
    <message numerus="yes">
        <source>updated %n min ago</source>
        <translation>
            <numerusform>%n 分钟前更新</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>updated %n h ago</source>
        <translation>
            <numerusform>%n 小时前更新</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>updated %n days ago</source>
        <translation>
            <numerusform>%n 天前更新</numerusform>
        </translation>
    </message>
    <message>
        <source>Rate limited until %1.</source>
        <translation>请求过于频繁，%1 之后才能再查询。</translation>
    </message>
    <message>
        <source>The gateway answered with an error.</source>
        <translation>TokenPool 返回了错误。</translation>
    </message>
    <message>
        <source>This endpoint does not report the remaining quota.</source>
        <translation>这个接口地址不提供剩余额度信息。</translation>
    </message>
    <message>
        <source>TokenPool does not accept this key. Copy the full key again from the TokenPool console, then choose Run setup again.</source>
        <translation>TokenPool 提示这个密钥无效。请从 TokenPool 控制台重新复制完整的密钥，然后选择“重新配置”。</translation>
    </message>
    <message>
        <source>This key has expired. Renew it in the TokenPool console.</source>
        <translation>这个密钥已过期。请在 TokenPool 控制台续期。</translation>
    </message>
    <message>
        <source>No quota left on this key. Top up in the TokenPool console.</source>
        <translation>这个密钥的额度已用完。请在 TokenPool 控制台充值。</translation>
    </message>
    <message>
        <source>%1 used of %2</source>
        <translation>已用 %1 / 共 %2</translation>
    </message>
    <message>
        <source>%1 used</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <source>today&apos;s limit</source>
        <translation>今日限额</translation>
    </message>
    <message>
        <source>this week&apos;s limit</source>
        <translation>本周限额</translation>
    </message>
    <message>
        <source>this month&apos;s limit</source>
        <translation>本月限额</translation>
    </message>
    <message>
        <source>valid until %1</source>
        <translation>有⁠效⁠期⁠至&#xa0;%1</translation>
    </message>
    <message>
        <source>not current: from %1</source>
        <translation>%1 的数据，非最新</translation>
    </message>
    <message>
        <source>At this week&apos;s pace, it runs out within a day.</source>
        <translation>按本周的用量，一天之内就会用完。</translation>
    </message>
    <message>
        <source>At this week&apos;s pace, about 1 day left.</source>
        <translation>按本周的用量，大约还能用 1 天。</translation>
    </message>
    <message>
        <source>At this week&apos;s pace, about %1 days left.</source>
        <translation>按本周的用量，大约还能用 %1 天。</translation>
    </message>
    <message>
        <source>Endpoint: not set up</source>
        <translation>接口地址：尚未配置</translation>
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation>接口地址：%1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Codex: set up for TokenPool</source>
        <translation>Codex：已接入 TokenPool</translation>
    </message>
    <message>
        <source>Codex: changed by something else</source>
        <translation>Codex：设置被其他程序改动了</translation>
    </message>
    <message>
        <source>Codex: its files are broken</source>
        <translation>Codex：配置文件已损坏</translation>
    </message>
    <message>
        <source>Codex: not set up yet</source>
        <translation>Codex：尚未配置</translation>
    </message>
    <message>
        <source>Run setup &amp;again</source>
        <translation>重新配置(&amp;A)</translation>
    </message>
    <message>
        <source>Run setup again to paste your key.</source>
        <translation>请重新运行设置，粘贴你的密钥。</translation>
    </message>
    <message>
        <source>Codex now uses the model &quot;%1&quot; instead of &quot;%2&quot;.</source>
        <translation>Codex 现在使用模型“%1”（原为“%2”）。</translation>
    </message>
    <message>
        <source>Codex now uses the model &quot;%1&quot; instead of &quot;%2&quot;, which TokenPool does not offer.</source>
        <translation>Codex 已改用模型“%1”（原为“%2”），但 TokenPool 不提供“%1”。</translation>
    </message>
    <message>
        <source>Another program pointed Codex at %1.</source>
        <translation>另一个程序把 Codex 指向了 %1。</translation>
    </message>
    <message>
        <source>Codex now sends requests to %1.</source>
        <translation>Codex 现在把请求发送到 %1。</translation>
    </message>
    <message>
        <source>The API key was removed from auth.json.</source>
        <translation>API 密钥已从 auth.json 中删除。</translation>
    </message>
    <message>
        <source>auth.json now holds a different API key.</source>
        <translation>auth.json 里现在是另一个 API 密钥。</translation>
    </message>
    <message>
        <source>Codex can no longer read its settings.</source>
        <translation>Codex 无法再读取它的配置文件。</translation>
    </message>
    <message>
        <source>No tray icon on this desktop: install the GNOME extension &quot;AppIndicator and KStatusNotifierItem Support&quot; to get one.</source>
        <translation>这个桌面没有系统托盘：安装 GNOME 扩展“AppIndicator and KStatusNotifierItem Support”后即可显示托盘图标。</translation>
    </message>
    <message>
        <source>No tray icon on this desktop: turn on the system tray (status notifier) in its settings to get one.</source>
        <translation>这个桌面没有系统托盘：在桌面设置中开启系统托盘（状态通知区）后即可显示托盘图标。</translation>
    </message>
</context>
<context>
    <name>UpdateLine</name>
    <message>
        <source>New version</source>
        <translation>新版本</translation>
    </message>
    <message>
        <source>A newer TokenPool Setup is available: %2 (you have %1). Its release page: %3</source>
        <translation>TokenPool 配置助手有新版本：%2（你现在用的是 %1）。发布页面：%3</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Set up Codex for TokenPool</source>
        <translation>让 Codex 接入 TokenPool</translation>
    </message>
    <message>
        <source>This takes about a minute. Nothing is changed until you confirm it.</source>
        <translation>大约需要一分钟。在你确认之前不会做任何更改。</translation>
    </message>
    <message>
        <source>Your Codex settings</source>
        <translation>你的 Codex 设置</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>你想怎么做？</translation>
    </message>
    <message>
        <source>Codex CLI</source>
        <translation>Codex CLI</translation>
    </message>
    <message>
        <source>&amp;Set up TokenPool, keeping everything else</source>
        <translation>接入 TokenPool，其他设置保持不变(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Repair these problems first (with a backup)</source>
        <translation>先修复这些问题（会备份）(&amp;R)</translation>
    </message>
    <message>
        <source>Looking at your Codex settings</source>
        <translation>正在检查 Codex 设置</translation>
    </message>
    <message>
        <source>What happens next</source>
        <translation>接下来的步骤</translation>
    </message>
    <message>
        <source>1. Paste your TokenPool API key.
2. The endpoints are tested with it, and the fastest is chosen.
3. You see the exact changes, then write them (with a backup).
4. Test Codex with one click.</source>
        <translation>1. 粘贴你的 TokenPool API 密钥。
2. 用它测试各个接口地址，并选出最快的一个。
3. 查看具体更改，然后写入（会先备份）。
4. 一键测试 Codex。</translation>
    </message>
    <message>
        <source>Looking at your Codex settings…</source>
        <translation>正在检查 Codex 设置…</translation>
    </message>
    <message>
        <source>Looking for the Codex CLI…</source>
        <translation>正在查找 Codex CLI…</translation>
    </message>
    <message>
        <source>Codex is not set up yet on this computer.</source>
        <translation>这台电脑上的 Codex 还没有配置。</translation>
    </message>
    <message>
        <source>Codex is already set up for TokenPool.</source>
        <translation>Codex 已经接入 TokenPool。</translation>
    </message>
    <message>
        <source>Codex is set up for another provider. Its other settings are kept; only the provider, model and key change.</source>
        <translation>Codex 目前使用的是其他供应商。其他设置都会保留，只更改供应商、模型和密钥。</translation>
    </message>
    <message>
        <source>Codex&apos;s settings files have problems:</source>
        <translation>Codex 的配置文件有问题：</translation>
    </message>
    <message>
        <source>unknown version</source>
        <translation>未知版本</translation>
    </message>
    <message>
        <source>Codex CLI {version} is installed: {path}</source>
        <translation>已安装 Codex CLI {version}：{path}</translation>
    </message>
    <message>
        <source>The Codex CLI is not installed on this computer. Install it first, so the settings are written for a program you have.</source>
        <translation>这台电脑上还没有安装 Codex CLI。建议先安装，再写入设置。</translation>
    </message>
</context>
</TS>
