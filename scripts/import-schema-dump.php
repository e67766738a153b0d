<?php
// import-schema-dump.php: prints the import schemas (getSchema()) of Zabbix's XML validators as
// JSON, callbacks as "@method"; input of gen-import-schema.py. Needs a Zabbix 6.0 frontend in $root.
$root = $argv[1] ?? '/usr/share/zabbix';
require $root.'/include/defines.inc.php';
if (!function_exists("_")) { function _($s) { return $s; } }
function _s($s, ...$a) { return vsprintf(str_replace(['%1$s','%2$s','%3$s'], '%s', $s), $a); }
$map = [];
$it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root.'/include/classes'));
foreach ($it as $f) { if (substr($f, -4) === '.php') $map[basename($f, '.php')] = (string) $f; }
spl_autoload_register(function ($c) use ($map) { if (isset($map[$c])) require_once $map[$c]; });
function clean($v) {
	if (is_array($v)) {
		if (count($v) == 2 && isset($v[0]) && is_object($v[0]) && is_string($v[1])) return '@'.$v[1];
		$o = [];
		foreach ($v as $k => $x) $o[(string)$k] = clean($x);
		return $o;
	}
	if ($v instanceof Closure) return '@closure';
	return $v;
}
$out = [];
foreach (['4.4','5.0','5.2','5.4','6.0'] as $ver) {
	$cls = 'C'.str_replace('.', '', $ver).'XmlValidator';
	$v = new $cls('json');
	$out[$ver] = method_exists($v, 'getSchema') ? clean($v->getSchema()) : null;
}
echo json_encode($out, JSON_PRETTY_PRINT|JSON_UNESCAPED_SLASHES);
