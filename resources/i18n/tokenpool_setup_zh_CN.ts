<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CoreMessages</name>
    <message>
        <location filename="../../app/ui/messages.py" line="27"/>
        <source>config.toml is not valid TOML, so Codex cannot load it.</source>
        <translation>config.toml 不是有效的 TOML 格式，Codex 无法读取它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="30"/>
        <source>config.toml cannot be read.</source>
        <translation>无法读取 config.toml。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="31"/>
        <source>config.toml defines the same table twice, so Codex refuses to start.</source>
        <translation>config.toml 把同一个配置表定义了两次，Codex 因此无法启动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="34"/>
        <source>auth.json is damaged, so Codex ignores it and sends no API key.</source>
        <translation>auth.json 已损坏，Codex 会忽略它，不发送 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="37"/>
        <source>There is no auth.json, so Codex has no API key to send.</source>
        <translation>没有 auth.json，Codex 没有可发送的 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="40"/>
        <source>auth.json holds no API key.</source>
        <translation>auth.json 里没有 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="41"/>
        <source>An API key is written in config.toml, where Codex does not read it.</source>
        <translation>API 密钥写在了 config.toml 里，Codex 不会从那里读取密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="44"/>
        <source>The API key in auth.json looks incomplete.</source>
        <translation>auth.json 里的 API 密钥看起来不完整。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="47"/>
        <source>The endpoint (base_url) is not the address of the API.</source>
        <translation>接口地址（base_url）不是 API 的地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="50"/>
        <source>The endpoint uses plain http://, so the key would travel unencrypted.</source>
        <translation>接口地址使用的是不加密的 http://，密钥会以明文传输。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="53"/>
        <source>The chosen provider has no table in config.toml, so Codex cannot start.</source>
        <translation>所选的服务提供方在 config.toml 中没有对应的配置表，Codex 无法启动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="56"/>
        <source>A provider table in config.toml has no name, so Codex cannot start.</source>
        <translation>config.toml 中有一个服务商配置表缺少 name，Codex 因此无法启动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="59"/>
        <source>Codex is not set up to use TokenPool.</source>
        <translation>Codex 尚未设置为使用 TokenPool。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="62"/>
        <source>wire_api is not &quot;responses&quot;, so Codex refuses to start.</source>
        <translation>wire_api 不是 &quot;responses&quot;，Codex 因此无法启动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="65"/>
        <source>The provider is set up so that Codex does not send the key in auth.json.</source>
        <translation>服务提供方的设置导致 Codex 不会发送 auth.json 中的密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="68"/>
        <source>A ChatGPT sign-in next to the API key stops Codex from sending the key.</source>
        <translation>API 密钥旁边还有 ChatGPT 登录信息，这会导致 Codex 不发送密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="72"/>
        <source>config.toml has a setting that Codex no longer uses.</source>
        <translation>config.toml 中有一项 Codex 已不再使用的设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="75"/>
        <source>Other users of this computer can read auth.json.</source>
        <translation>这台电脑上的其他用户可以读取 auth.json。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="78"/>
        <source>auth.json is in a git repository, so the key could be committed.</source>
        <translation>auth.json 位于一个 git 仓库中，密钥可能会被提交上去。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="81"/>
        <source>config.toml redefines a provider built into Codex, so Codex refuses to start.</source>
        <translation>config.toml 重新定义了 Codex 内置的服务提供方，Codex 因此无法启动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="85"/>
        <source>A setting is written under the wrong table, so Codex ignores it.</source>
        <translation>有一项设置写在了错误的配置表下，Codex 会忽略它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="88"/>
        <source>config.toml has an old &apos;profile&apos; line, so Codex refuses to start.</source>
        <translation>config.toml 中有一行旧的 &apos;profile&apos; 设置，Codex 因此无法启动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="91"/>
        <source>An environment variable makes Codex send a different key.</source>
        <translation>某个环境变量让 Codex 发送了另一个密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="94"/>
        <source>The Codex CLI was not found on this computer.</source>
        <translation>在这台电脑上没有找到 Codex CLI。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="97"/>
        <source>No model is chosen in config.toml.</source>
        <translation>config.toml 中没有选择模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="98"/>
        <source>Codex&apos;s own check found a problem.</source>
        <translation>Codex 自带的检查发现了一个问题。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="99"/>
        <source>TokenPool does not offer the chosen model for this key.</source>
        <translation>TokenPool 没有为这个密钥提供所选的模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="102"/>
        <source>Another form of the endpoint address works better with Codex.</source>
        <translation>换一种形式的接口地址能让 Codex 工作得更好。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="105"/>
        <source>TokenPool rejected the API key.</source>
        <translation>TokenPool 拒绝了这个 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="106"/>
        <source>The key has no quota left, or there are too many requests.</source>
        <translation>这个密钥的额度已用完，或者请求过于频繁。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="109"/>
        <source>The endpoint could not be reached.</source>
        <translation>无法连接到这个接口地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="114"/>
        <source>The server&apos;s name could not be found.</source>
        <translation>找不到服务器的域名。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="115"/>
        <source>The server refused the connection.</source>
        <translation>服务器拒绝了连接。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="116"/>
        <source>The server did not answer in time.</source>
        <translation>服务器没有及时响应。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="117"/>
        <source>The secure connection to the server could not be verified.</source>
        <translation>无法验证与服务器之间的安全连接。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="120"/>
        <source>Could not connect through the proxy.</source>
        <translation>无法通过代理连接。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="121"/>
        <source>The server answered, but not as the TokenPool API does.</source>
        <translation>服务器有响应，但不是 TokenPool API 的响应方式。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="124"/>
        <source>The server rejected the API key.</source>
        <translation>服务器拒绝了这个 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="125"/>
        <source>Too many requests, or the key is out of quota.</source>
        <translation>请求过于频繁，或者密钥的额度已用完。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="128"/>
        <source>The server had a problem answering.</source>
        <translation>服务器响应时出现了问题。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="129"/>
        <source>This computer seems to be offline.</source>
        <translation>这台电脑似乎没有连接网络。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="130"/>
        <source>The test was stopped.</source>
        <translation>测试已停止。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="135"/>
        <source>No keychain is available on this computer.</source>
        <translation>这台电脑上没有可用的系统钥匙串。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="138"/>
        <source>The key could not be saved in the keychain; Codex still has it.</source>
        <translation>密钥无法保存到钥匙串中；Codex 仍然有这个密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="141"/>
        <source>The files changed in the meantime, so nothing was written.</source>
        <translation>文件在此期间被修改过，因此没有写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="144"/>
        <source>auth.json is in use by another program; nothing was written.</source>
        <translation>auth.json 正被其他程序占用；没有写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="147"/>
        <source>A file could not be read or written.</source>
        <translation>有一个文件无法读取或写入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="148"/>
        <source>A settings file could not be read.</source>
        <translation>有一个设置文件无法读取。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="149"/>
        <source>The Codex CLI could not be started.</source>
        <translation>无法启动 Codex CLI。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="150"/>
        <source>The API key is empty or contains spaces.</source>
        <translation>API 密钥为空或包含空格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="151"/>
        <source>Something unexpected went wrong. Nothing was half-written.</source>
        <translation>发生了意外错误。没有写入任何不完整的内容。</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../app/ui/pages/done.py" line="27"/>
        <source>Codex is set up for TokenPool</source>
        <translation>Codex 已设置为使用 TokenPool</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="28"/>
        <source>Test it now, then start using Codex.</source>
        <translation>现在测试一下，然后就可以开始使用 Codex 了。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="33"/>
        <source>Written files</source>
        <translation>已写入的文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="34"/>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="35"/>
        <source>Codex CLI</source>
        <translation>Codex CLI</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="37"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="45"/>
        <source>Testing Codex</source>
        <translation>正在测试 Codex</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="51"/>
        <source>Test result</source>
        <translation>测试结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="54"/>
        <source>Remaining quota</source>
        <translation>剩余额度</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="58"/>
        <source>Where the key is kept</source>
        <translation>密钥保存位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="60"/>
        <source>If Codex is running</source>
        <translation>如果 Codex 正在运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="65"/>
        <source>Codex reads its settings only when it starts, and keeps a background server running. Quit Codex and open it again.</source>
        <translation>Codex 只在启动时读取设置，并且会保持一个后台服务在运行。请退出 Codex 后重新打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="80"/>
        <source>Restart result</source>
        <translation>重启结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="101"/>
        <source>Written: {files}</source>
        <translation>已写入：{files}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="103"/>
        <source>The files were already right.</source>
        <translation>文件原本就是正确的。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="105"/>
        <source>The old files are saved in {folder}</source>
        <translation>旧文件已保存在 {folder}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="136"/>
        <source>The key is kept in Codex&apos;s auth.json (private to you) and in your system keychain.</source>
        <translation>密钥保存在 Codex 的 auth.json（仅你本人可读）和系统钥匙串中。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="152"/>
        <source>The key is kept in Codex&apos;s auth.json (private to you). No keychain is available on this computer, so it is not stored there.</source>
        <translation>密钥保存在 Codex 的 auth.json（仅你本人可读）。这台电脑没有可用的钥匙串，因此没有保存到钥匙串。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="115"/>
        <source>Codex CLI {version}: {path}</source>
        <translation>Codex CLI {version}：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="40"/>
        <source>&amp;Test Codex now</source>
        <translation>立即测试 Codex(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="72"/>
        <source>&amp;Restart Codex&apos;s background server</source>
        <translation>重启 Codex 后台服务(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="123"/>
        <source>The Codex CLI is not installed yet. The test below calls TokenPool directly.</source>
        <translation>尚未安装 Codex CLI。下面的测试会直接调用 TokenPool。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="144"/>
        <source>The key is kept in Codex&apos;s auth.json (private to you). The system keychain did not accept it, so it is not stored there; Codex works without it.</source>
        <translation>密钥保存在 Codex 的 auth.json 中（只有你能读取）。系统钥匙串没有接受它，所以没有保存在钥匙串里；Codex 不需要它也能正常工作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="171"/>
        <source>Asking Codex… (up to a minute)</source>
        <translation>正在询问 Codex…（最多一分钟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="178"/>
        <source>Asking TokenPool…</source>
        <translation>正在询问 TokenPool…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="193"/>
        <source>Codex answered:</source>
        <translation>Codex 回答：</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="193"/>
        <source>TokenPool answered:</source>
        <translation>TokenPool 回答：</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="206"/>
        <source>Asking for the remaining quota…</source>
        <translation>正在查询剩余额度…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="216"/>
        <source>Quota: {text}</source>
        <translation>额度：{text}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="235"/>
        <source>Restarting…</source>
        <translation>正在重启…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="250"/>
        <source>Codex&apos;s background server was restarted.</source>
        <translation>Codex 后台服务已重启。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="253"/>
        <source>Codex&apos;s background server is not running; nothing to restart.</source>
        <translation>Codex 后台服务没有运行，无需重启。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/done.py" line="261"/>
        <source>The background server could not be restarted. Quit Codex and open it again.</source>
        <translation>无法重启后台服务。请退出 Codex 后重新打开。</translation>
    </message>
</context>
<context>
    <name>EndpointPage</name>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="47"/>
        <source>Choose the endpoint</source>
        <translation>选择接口地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="49"/>
        <source>Each endpoint is tested with your key. The recommended healthy one is chosen.</source>
        <translation>每个接口地址都会用你的密钥测试，并自动选中推荐且可用的那个。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="55"/>
        <source>Endpoints</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="57"/>
        <source>Endpoint</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="57"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="57"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="75"/>
        <source>Test the endpoints again</source>
        <translation>重新测试接口地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="77"/>
        <source>Testing the endpoints</source>
        <translation>正在测试接口地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="84"/>
        <source>Chosen endpoint</source>
        <translation>已选接口地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="95"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="108"/>
        <source>Custom endpoint address</source>
        <translation>自定义接口地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="109"/>
        <source>Add custom… (https://…)</source>
        <translation>添加自定义地址…（https://…）</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="114"/>
        <source>Add the custom endpoint</source>
        <translation>添加自定义接口地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="122"/>
        <source>Custom endpoint</source>
        <translation>自定义接口地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="127"/>
        <location filename="../../app/ui/pages/endpoint.py" line="133"/>
        <location filename="../../app/ui/pages/endpoint.py" line="141"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="73"/>
        <source>&amp;Retest</source>
        <translation>重新测试(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="86"/>
        <source>&amp;Use this endpoint anyway (Codex will probably not work with it)</source>
        <translation>仍然使用这个地址（Codex 很可能无法正常工作）(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="97"/>
        <source>Change the &amp;key</source>
        <translation>更换密钥(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="112"/>
        <source>A&amp;dd</source>
        <translation>添加(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="117"/>
        <source>&amp;Other endpoint:</source>
        <translation>其他地址(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="135"/>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="281"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="283"/>
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="284"/>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="288"/>
        <source>Testing…</source>
        <translation>测试中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="290"/>
        <source>{ms} ms</source>
        <translation>{ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="295"/>
        <source>Testing {url} with your key…</source>
        <translation>正在用你的密钥测试 {url}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="298"/>
        <source>{url} answered in {ms} ms with {count} models.</source>
        <translation>{url} 在 {ms} 毫秒内响应，提供 {count} 个模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="314"/>
        <source>Testing the endpoints…</source>
        <translation>正在测试接口地址…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="321"/>
        <source>{url} failed the test: {reason}</source>
        <translation>{url} 测试未通过：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="339"/>
        <source>TokenPool rejected this key. Go back and paste the full key again (use the copy button in the console).</source>
        <translation>TokenPool 拒绝了这个密钥。请返回并重新粘贴完整的密钥（使用控制台中的复制按钮）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="343"/>
        <source>The key was accepted, but TokenPool says it has no quota left or too many requests. Check the balance in the TokenPool console, then press Retest.</source>
        <translation>密钥有效，但 TokenPool 表示额度已用完或请求过多。请在 TokenPool 控制台查看余额，然后点击“重新测试”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="347"/>
        <source>None of the endpoints could be reached. Check that this computer is online (and any VPN or proxy), then press Retest.</source>
        <translation>所有接口地址都无法连接。请检查这台电脑是否已联网（以及 VPN 或代理设置），然后点击“重新测试”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="377"/>
        <source>This endpoint does not list the model {model} for your key, so Codex may not work with it.</source>
        <translation>这个接口地址没有为你的密钥提供模型 {model}，Codex 可能无法使用它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="386"/>
        <source>Name not found</source>
        <translation>找不到域名</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="387"/>
        <source>Connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="388"/>
        <source>No answer in time</source>
        <translation>响应超时</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="389"/>
        <source>Secure connection failed</source>
        <translation>安全连接失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="390"/>
        <source>Proxy failed</source>
        <translation>代理连接失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="391"/>
        <source>Not the API</source>
        <translation>不是 API 地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="392"/>
        <source>Key rejected</source>
        <translation>密钥被拒绝</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="393"/>
        <source>No quota / too busy</source>
        <translation>额度不足或请求过多</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="394"/>
        <source>No network</source>
        <translation>没有网络</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="395"/>
        <location filename="../../app/ui/pages/endpoint.py" line="397"/>
        <source>Server error</source>
        <translation>服务器错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="402"/>
        <source>The name {host} could not be found. Check it for typos; your network may also be blocking it.</source>
        <translation>找不到域名 {host}。请检查是否有拼写错误；也可能是你的网络屏蔽了它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="406"/>
        <source>{host} refused the connection. A firewall or VPN may be blocking it.</source>
        <translation>{host} 拒绝了连接。可能是防火墙或 VPN 阻止了它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="409"/>
        <source>{host} did not answer in time. The network may be slow or blocking it.</source>
        <translation>{host} 没有及时响应。网络可能较慢或屏蔽了它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="412"/>
        <source>The secure connection to {host} could not be verified. Check the computer&apos;s date and time; antivirus or a company network may be intercepting it.</source>
        <translation>无法验证与 {host} 的安全连接。请检查电脑的日期和时间；杀毒软件或公司网络可能拦截了它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="415"/>
        <source>Could not connect through the proxy. Check the proxy settings.</source>
        <translation>无法通过代理连接。请检查代理设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="417"/>
        <source>{host} answered, but not as the TokenPool API does. Use the recommended endpoint.</source>
        <translation>{host} 有响应，但不是 TokenPool API 的响应。请使用推荐的接口地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="419"/>
        <source>{host} rejected the key.</source>
        <translation>{host} 拒绝了这个密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="420"/>
        <source>{host} says too many requests, or the key is out of quota.</source>
        <translation>{host} 表示请求过多，或密钥额度已用完。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="421"/>
        <source>This computer seems to have no network connection.</source>
        <translation>这台电脑似乎没有网络连接。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/endpoint.py" line="422"/>
        <location filename="../../app/ui/pages/endpoint.py" line="424"/>
        <source>{host} had a problem answering. Try again in a minute.</source>
        <translation>{host} 响应出错。请稍后再试。</translation>
    </message>
</context>
<context>
    <name>KeyPage</name>
    <message>
        <location filename="../../app/ui/pages/key.py" line="30"/>
        <source>Your TokenPool API key</source>
        <translation>你的 TokenPool API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="31"/>
        <source>Copy the key in the TokenPool console and paste it here.</source>
        <translation>在 TokenPool 控制台复制密钥，然后粘贴到这里。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="35"/>
        <source>The key is a long code that usually starts with sk-. Pasting a whole auth.json or a line like export OPENAI_API_KEY=… works too. The key stays on this computer.</source>
        <translation>密钥是一串很长的代码，通常以 sk- 开头。也可以直接粘贴整个 auth.json 或 export OPENAI_API_KEY=… 这样的一行。密钥只会保存在这台电脑上。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="43"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="44"/>
        <source>Paste your API key (sk-…)</source>
        <translation>粘贴你的 API 密钥（sk-…）</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="52"/>
        <source>Show or hide the key</source>
        <translation>显示或隐藏密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="57"/>
        <source>Paste the key from the clipboard</source>
        <translation>从剪贴板粘贴密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="66"/>
        <source>Key check</source>
        <translation>密钥检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="74"/>
        <source>No key yet, or lost it?</source>
        <translation>还没有密钥，或者找不到了？</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="50"/>
        <location filename="../../app/ui/pages/key.py" line="108"/>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="55"/>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="68"/>
        <source>Open the TokenPool &amp;console</source>
        <translation>打开 TokenPool 控制台(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="108"/>
        <source>&amp;Hide</source>
        <translation>隐藏(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="114"/>
        <source>Waiting for your key.</source>
        <translation>等待输入密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="119"/>
        <source>The key looks complete. It is tested online on the next page.</source>
        <translation>密钥看起来是完整的。下一页会在线测试它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="129"/>
        <source>This is the masked key shown in the console (it contains … or ***). Copy the full key with the copy button next to it.</source>
        <translation>这是控制台中显示的打码密钥（包含 … 或 ***）。请用旁边的复制按钮复制完整密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="133"/>
        <source>The key seems to be pasted twice in a row. Clear the box and paste it once.</source>
        <translation>密钥似乎被连续粘贴了两次。请清空输入框后只粘贴一次。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="136"/>
        <source>This is a web address, not an API key. The key is a long code that usually starts with sk-.</source>
        <translation>这是一个网址，不是 API 密钥。密钥是一串很长的代码，通常以 sk- 开头。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="140"/>
        <source>The key has a space or line break inside it. Copy it again in one piece.</source>
        <translation>密钥中间有空格或换行。请完整地重新复制一次。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="143"/>
        <source>The key contains characters a key never has. Copy it again with the console&apos;s copy button.</source>
        <translation>密钥中含有密钥不会有的字符。请用控制台的复制按钮重新复制。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="147"/>
        <source>The key is only {length} characters long, so it is probably cut off. Copy the whole key again.</source>
        <translation>密钥只有 {length} 个字符，可能没有复制完整。请重新复制完整的密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="151"/>
        <source>The key is {length} characters long, much longer than any key. Copy only the key.</source>
        <translation>密钥长达 {length} 个字符，比任何密钥都长。请只复制密钥本身。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="154"/>
        <source>The key is {length} characters long, which is unusual. It may still be fine; the test on the next page will tell.</source>
        <translation>密钥长度为 {length} 个字符，不太常见。它可能仍然有效；下一页的测试会给出结果。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/key.py" line="158"/>
        <source>TokenPool keys usually start with sk-. If your console shows it like this, it is fine.</source>
        <translation>TokenPool 密钥通常以 sk- 开头。如果控制台中显示的就是这样，那就没问题。</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="31"/>
        <source>Check the changes</source>
        <translation>检查更改</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="32"/>
        <source>This is exactly what will be written. Your key is shown masked.</source>
        <translation>以下就是将要写入的内容。你的密钥以打码形式显示。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="41"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="42"/>
        <source>Changes to the Codex files</source>
        <translation>Codex 文件的更改</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="44"/>
        <source>File locations</source>
        <translation>文件位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="46"/>
        <source>Preparing</source>
        <translation>正在准备</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="34"/>
        <source>&amp;Write configuration</source>
        <translation>写入配置(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="47"/>
        <source>Back to the &amp;start (repair)</source>
        <translation>回到开始（修复）(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="74"/>
        <source>Preparing the changes…</source>
        <translation>正在准备更改…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="77"/>
        <source>Backups of today&apos;s files go to {folder}</source>
        <translation>现有文件的备份将保存到 {folder}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="100"/>
        <source>Already right; left unchanged.</source>
        <translation>已经正确，保持不变。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="105"/>
        <source>Codex will use {url} with the model {model}.</source>
        <translation>Codex 将使用 {url} 和模型 {model}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="109"/>
        <source>Everything is already set up like this.</source>
        <translation>一切已经是这样设置的了。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="113"/>
        <source>The files changed while you were looking (Codex edits them too), so nothing was written. This is the new preview: check it and write again.</source>
        <translation>在你查看期间这些文件被改动了（Codex 也会修改它们），所以没有写入任何内容。这是新的预览：请检查后再次写入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/preview.py" line="134"/>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
</context>
<context>
    <name>QuotaChart</name>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="97"/>
        <source>The chart of the last days fills in as the quota is checked.</source>
        <translation>每次查询额度后，这里会逐渐显示最近几天的变化。</translation>
    </message>
</context>
<context>
    <name>RepairPage</name>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="30"/>
        <source>Repair the Codex settings</source>
        <translation>修复 Codex 设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="32"/>
        <source>These fixes are written with a backup of the old files. Then setup goes on.</source>
        <translation>修复前会先备份旧文件。修复完成后继续设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="35"/>
        <source>&amp;Repair with backup</source>
        <translation>备份并修复(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="38"/>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="39"/>
        <source>Changes the repair makes</source>
        <translation>修复将做出的更改</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="40"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="41"/>
        <source>Working</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="54"/>
        <source>Working out the repair…</source>
        <translation>正在计算修复方案…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="56"/>
        <source>The old files are saved first in {folder}</source>
        <translation>旧文件会先保存到 {folder}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="74"/>
        <source>Made private to you (only you can read it).</source>
        <translation>设为仅你本人可读。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="78"/>
        <source>Nothing here can be repaired automatically.</source>
        <translation>这里没有可以自动修复的内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="89"/>
        <source>Repair will make these changes:</source>
        <translation>修复将做出以下更改：</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="114"/>
        <source>Repairing…</source>
        <translation>正在修复…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="121"/>
        <source>Repaired.</source>
        <translation>已修复。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/repair.py" line="124"/>
        <source>The old files are saved in {folder}</source>
        <translation>旧文件已保存在 {folder}</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../app/ui/selftest.py" line="124"/>
        <source>Write configuration</source>
        <translation>写入配置</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="63"/>
        <location filename="../../app/ui/wizard.py" line="65"/>
        <source>TokenPool Setup</source>
        <translation>TokenPool 设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="73"/>
        <source>&amp;Write configuration</source>
        <translation>写入配置(&amp;W)</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="421"/>
        <source>TokenPool: checking…</source>
        <translation>TokenPool：正在查询…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="425"/>
        <source>TokenPool quota</source>
        <translation>TokenPool 额度</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="461"/>
        <source>TokenPool refused the key</source>
        <translation>TokenPool 拒绝了密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="462"/>
        <source>Codex cannot work until the key is fixed. Open the panel to repair.</source>
        <translation>密钥问题解决前 Codex 无法工作。请打开面板进行修复。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="464"/>
        <source>TokenPool key expired</source>
        <translation>TokenPool 密钥已过期</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="464"/>
        <source>Renew it in the TokenPool console.</source>
        <translation>请在 TokenPool 控制台续期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="465"/>
        <source>No TokenPool quota left</source>
        <translation>TokenPool 额度已用完</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="465"/>
        <source>Top up in the TokenPool console.</source>
        <translation>请在 TokenPool 控制台充值。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="467"/>
        <location filename="../../app/ui/tray/controller.py" line="471"/>
        <source>TokenPool quota under %1 %</source>
        <translation>TokenPool 剩余额度低于 %1%</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="468"/>
        <location filename="../../app/ui/tray/controller.py" line="472"/>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="475"/>
        <source>Codex will not reach TokenPool</source>
        <translation>Codex 将无法连接 TokenPool</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="477"/>
        <source>Its files changed. Open the panel to repair them.</source>
        <translation>它的设置文件被改动了。请打开面板进行修复。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="535"/>
        <source>Show &amp;quota</source>
        <translation>查看额度(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="536"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="537"/>
        <source>Retest &amp;endpoints</source>
        <translation>重新测试接口地址(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="538"/>
        <source>Re&amp;pair</source>
        <translation>修复(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="539"/>
        <source>&amp;Test Codex</source>
        <translation>测试 Codex(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="540"/>
        <source>&amp;Open setup</source>
        <translation>打开设置(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="547"/>
        <source>Start at &amp;login</source>
        <translation>登录时启动(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="556"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="568"/>
        <source>Start at login could not be changed: %1</source>
        <translation>无法更改“登录时启动”：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="578"/>
        <source>Already checking…</source>
        <translation>正在查询中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="582"/>
        <source>The gateway asked to wait: rate limited until %1.</source>
        <translation>网关要求稍后再试：请求过于频繁，%1 之后才能再查询。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="586"/>
        <source>Checked a moment ago; try again in %1 s.</source>
        <translation>刚刚查询过；请在 %1 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="599"/>
        <source>Testing the endpoints…</source>
        <translation>正在测试各个接口地址…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="622"/>
        <source>%1: %2 ms</source>
        <translation>%1：%2 毫秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="633"/>
        <source>The current endpoint does not answer.</source>
        <translation>当前接口地址没有响应。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="634"/>
        <source>Another endpoint is clearly faster.</source>
        <translation>另一个接口地址明显更快。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="635"/>
        <source>The current endpoint is the best one.</source>
        <translation>当前接口地址就是最好的。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="636"/>
        <source>No endpoint answers right now.</source>
        <translation>目前没有任何接口地址响应。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="637"/>
        <source>No API key was found for Codex.</source>
        <translation>没有找到 Codex 使用的 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="642"/>
        <source>&amp;Switch to %1</source>
        <translation>切换到 %1(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="662"/>
        <source>Codex now uses %1.</source>
        <translation>Codex 现在使用 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="664"/>
        <location filename="../../app/ui/tray/controller.py" line="725"/>
        <source>The old files are in the backup %1.</source>
        <translation>旧文件已备份到 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="677"/>
        <source>Checking Codex&apos;s files and the gateway…</source>
        <translation>正在检查 Codex 的设置文件和网关…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="699"/>
        <source>No problems found.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="703"/>
        <source>Found:</source>
        <translation>发现的问题：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="723"/>
        <source>Repaired.</source>
        <translation>已修复。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="728"/>
        <source>Still to fix by hand:</source>
        <translation>仍需手动处理：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="736"/>
        <source>Asking Codex for a short reply…</source>
        <translation>正在让 Codex 回复一句话…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="753"/>
        <source>The Codex CLI was not found on this computer.</source>
        <translation>在这台电脑上没有找到 Codex CLI。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="755"/>
        <source>Codex works. It replied: %1</source>
        <translation>Codex 工作正常。它的回复是：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/controller.py" line="757"/>
        <source>Codex did not work:</source>
        <translation>Codex 没有正常工作：</translation>
    </message>
</context>
<context>
    <name>TrayPanel</name>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="146"/>
        <source>TokenPool quota</source>
        <translation>TokenPool 额度</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="147"/>
        <source>TokenPool quota panel</source>
        <translation>TokenPool 额度面板</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="159"/>
        <source>How to get a tray icon</source>
        <translation>如何显示托盘图标</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="165"/>
        <source>Remaining quota</source>
        <translation>剩余额度</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="175"/>
        <source>Share of the quota left</source>
        <translation>剩余额度占比</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="181"/>
        <source>Quota details</source>
        <translation>额度详情</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="183"/>
        <source>Why the quota could not be read</source>
        <translation>无法读取额度的原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="188"/>
        <source>Remaining quota over the last days</source>
        <translation>最近几天的剩余额度</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="190"/>
        <source>Forecast</source>
        <translation>预计</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="194"/>
        <source>Endpoint</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="196"/>
        <source>Codex</source>
        <translation>Codex</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="198"/>
        <source>What changed in Codex&apos;s files</source>
        <translation>Codex 设置文件的变化</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="201"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="208"/>
        <source>&amp;Fix it</source>
        <translation>立即修复(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="219"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="222"/>
        <source>Retest &amp;endpoints</source>
        <translation>重新测试接口地址(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="224"/>
        <source>Re&amp;pair</source>
        <translation>修复(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="226"/>
        <source>&amp;Test Codex</source>
        <translation>测试 Codex(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="237"/>
        <location filename="../../app/ui/tray/panel.py" line="458"/>
        <source>&amp;Open setup</source>
        <translation>打开设置(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="238"/>
        <source>Start at &amp;login</source>
        <translation>登录时启动(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="242"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="286"/>
        <location filename="../../app/ui/tray/panel.py" line="367"/>
        <source>Checking…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="287"/>
        <source>No API key found</source>
        <translation>没有找到 API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="288"/>
        <source>Codex is not set up for TokenPool</source>
        <translation>Codex 尚未设置为使用 TokenPool</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="289"/>
        <source>Key refused</source>
        <translation>密钥被拒绝</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="290"/>
        <source>Key expired</source>
        <translation>密钥已过期</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="291"/>
        <source>No quota left</source>
        <translation>额度已用完</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="292"/>
        <source>Quota not reported</source>
        <translation>网关不提供额度信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="293"/>
        <source>Quota unknown</source>
        <translation>额度未知</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="294"/>
        <source>Unlimited</source>
        <translation>无限额度</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="295"/>
        <source>%1 left of %2</source>
        <translation>剩余 %1 / 共 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="298"/>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="305"/>
        <location filename="../../app/ui/tray/panel.py" line="401"/>
        <source>checking…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="306"/>
        <source>no API key found</source>
        <translation>没有找到 API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="307"/>
        <source>Codex is not set up</source>
        <translation>Codex 尚未设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="308"/>
        <source>key refused</source>
        <translation>密钥被拒绝</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="309"/>
        <source>key expired</source>
        <translation>密钥已过期</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="310"/>
        <source>no quota left</source>
        <translation>额度已用完</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="311"/>
        <source>quota not reported</source>
        <translation>网关不提供额度信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="312"/>
        <source>quota unknown</source>
        <translation>额度未知</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="313"/>
        <source>unlimited</source>
        <translation>无限额度</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="316"/>
        <source>TokenPool: %1</source>
        <translation>TokenPool：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="318"/>
        <source>(not updated: the last check failed)</source>
        <translation>（未更新：上次查询失败）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="324"/>
        <source>updated just now</source>
        <translation>刚刚更新</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/tray/panel.py" line="326"/>
        <source>updated %n min ago</source>
        <translation>
            <numerusform>%n 分钟前更新</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/tray/panel.py" line="329"/>
        <source>updated %n h ago</source>
        <translation>
            <numerusform>%n 小时前更新</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/tray/panel.py" line="330"/>
        <source>updated %n days ago</source>
        <translation>
            <numerusform>%n 天前更新</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="338"/>
        <source>Rate limited until %1.</source>
        <translation>请求过于频繁，%1 之后才能再查询。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="341"/>
        <source>The gateway answered with an error.</source>
        <translation>网关返回了错误。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="344"/>
        <source>This endpoint does not report the remaining quota.</source>
        <translation>这个接口地址不提供剩余额度信息。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="381"/>
        <source>%1 used of %2</source>
        <translation>已用 %1 / 共 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="386"/>
        <source>%1 used</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="389"/>
        <source>today&apos;s limit</source>
        <translation>今日限额</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="390"/>
        <source>this week&apos;s limit</source>
        <translation>本周限额</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="391"/>
        <source>this month&apos;s limit</source>
        <translation>本月限额</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="398"/>
        <source>valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="406"/>
        <source>not current: from %1</source>
        <translation>不是最新数据：来自 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="430"/>
        <source>At this week&apos;s pace, it runs out within a day.</source>
        <translation>按本周的用量，一天之内就会用完。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="432"/>
        <source>At this week&apos;s pace, about 1 day left.</source>
        <translation>按本周的用量，大约还能用 1 天。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="434"/>
        <source>At this week&apos;s pace, about %1 days left.</source>
        <translation>按本周的用量，大约还能用 %1 天。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="439"/>
        <source>Endpoint: not set up</source>
        <translation>接口地址：尚未设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="441"/>
        <source>Endpoint: %1</source>
        <translation>接口地址：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="443"/>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="448"/>
        <source>Codex: set up for TokenPool</source>
        <translation>Codex：已设置为使用 TokenPool</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="449"/>
        <source>Codex: changed by something else</source>
        <translation>Codex：设置被其他程序改动了</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="450"/>
        <source>Codex: its files are broken</source>
        <translation>Codex：设置文件已损坏</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="451"/>
        <source>Codex: not set up yet</source>
        <translation>Codex：尚未设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="458"/>
        <source>Run setup &amp;again</source>
        <translation>重新运行设置(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="465"/>
        <source>Codex now uses the model &quot;%1&quot; instead of &quot;%2&quot;.</source>
        <translation>Codex 现在使用模型“%1”，而不是“%2”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="467"/>
        <source>Codex now uses the model &quot;%1&quot; instead of &quot;%2&quot;, which TokenPool does not offer.</source>
        <translation>Codex 现在使用模型“%1”，而不是“%2”；TokenPool 不提供这个模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="469"/>
        <source>Another program pointed Codex at %1.</source>
        <translation>另一个程序把 Codex 指向了 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="470"/>
        <source>Codex now sends requests to %1.</source>
        <translation>Codex 现在把请求发送到 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="471"/>
        <source>The API key was removed from auth.json.</source>
        <translation>API 密钥已从 auth.json 中删除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="472"/>
        <source>auth.json now holds a different API key.</source>
        <translation>auth.json 里现在是另一个 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="473"/>
        <source>Codex can no longer read its settings.</source>
        <translation>Codex 无法再读取它的设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="515"/>
        <source>No tray icon on this desktop: install the GNOME extension &quot;AppIndicator and KStatusNotifierItem Support&quot; to get one.</source>
        <translation>这个桌面没有系统托盘：安装 GNOME 扩展“AppIndicator and KStatusNotifierItem Support”后即可显示托盘图标。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray/panel.py" line="522"/>
        <source>No tray icon on this desktop: turn on the system tray (status notifier) in its settings to get one.</source>
        <translation>这个桌面没有系统托盘：在桌面设置中开启系统托盘（状态通知区）后即可显示托盘图标。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="49"/>
        <source>Set up Codex for TokenPool</source>
        <translation>为 TokenPool 设置 Codex</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="51"/>
        <source>This takes about a minute. Nothing is changed until you confirm it.</source>
        <translation>大约需要一分钟。在你确认之前不会做任何更改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="58"/>
        <source>Your Codex settings</source>
        <translation>你的 Codex 设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="59"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="73"/>
        <source>What would you like to do?</source>
        <translation>你想怎么做？</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="80"/>
        <source>Codex CLI</source>
        <translation>Codex CLI</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="81"/>
        <source>Install the Codex CLI</source>
        <translation>安装 Codex CLI</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="86"/>
        <source>Codex is installed with this command (it needs Node.js):</source>
        <translation>用这条命令安装 Codex（需要 Node.js）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="88"/>
        <source>Install command</source>
        <translation>安装命令</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="98"/>
        <source>Installing Codex</source>
        <translation>正在安装 Codex</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="100"/>
        <source>Installation</source>
        <translation>安装</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="105"/>
        <source>Installer output</source>
        <translation>安装程序输出</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="62"/>
        <source>&amp;Set up TokenPool, keeping everything else</source>
        <translation>设置 TokenPool，保留其他所有设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="66"/>
        <source>&amp;Repair these problems first (with a backup)</source>
        <translation>先修复这些问题（会备份）(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="88"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="91"/>
        <source>&amp;Install Codex for me</source>
        <translation>帮我安装 Codex(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="110"/>
        <source>Set up &amp;anyway — I will install Codex later</source>
        <translation>仍然继续设置——我稍后再安装 Codex(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="119"/>
        <source>Looking at your Codex settings</source>
        <translation>正在查看你的 Codex 设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="121"/>
        <source>What happens next</source>
        <translation>接下来的步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="127"/>
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
        <location filename="../../app/ui/pages/welcome.py" line="151"/>
        <source>Looking at your Codex settings…</source>
        <translation>正在查看你的 Codex 设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="152"/>
        <source>Looking for the Codex CLI…</source>
        <translation>正在查找 Codex CLI…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="225"/>
        <source>Installing Codex… this can take a minute.</source>
        <translation>正在安装 Codex…可能需要一分钟。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="249"/>
        <source>Codex is installed.</source>
        <translation>Codex 已安装。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="255"/>
        <source>The installation did not work. The installer&apos;s output is below.</source>
        <translation>安装没有成功。安装程序的输出如下。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="275"/>
        <source>Codex is not set up yet on this computer.</source>
        <translation>这台电脑上的 Codex 尚未设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="276"/>
        <source>Codex is already set up for TokenPool.</source>
        <translation>Codex 已经设置为使用 TokenPool。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="280"/>
        <source>Codex is set up for another provider. Its other settings are kept; only the provider, model and key change.</source>
        <translation>Codex 目前设置为使用其他服务商。其他设置都会保留，只更改服务商、模型和密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="284"/>
        <source>Codex&apos;s settings files have problems:</source>
        <translation>Codex 的设置文件有问题：</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="301"/>
        <source>unknown version</source>
        <translation>未知版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="304"/>
        <source>Codex CLI {version} is installed: {path}</source>
        <translation>已安装 Codex CLI {version}：{path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/welcome.py" line="313"/>
        <source>The Codex CLI is not installed on this computer. Install it first, so the settings are written for a program you have.</source>
        <translation>这台电脑上没有安装 Codex CLI。请先安装它，这样写入的设置才有程序可用。</translation>
    </message>
</context>
</TS>
