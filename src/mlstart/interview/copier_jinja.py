"""The Jinja side of the question bank: what Copier evaluates for each question.

`template/copier.yml` is generated (scripts/gen_docs.py) from `questions.QUESTIONS` (key,
prompt, kind, choices, static default) plus, from here, the conditions, computed defaults and
validators written in Jinja, so that plain `copier copy` of the bundled template asks the same
questions as `mlstart new`. tests/template/test_parity.py evaluates this Jinja against the
Python rules over many answer sets.
"""

from __future__ import annotations

JINJA: dict[str, dict[str, str]] = {
    "project_name": {
        "validator": (
            "{%- set p = project_name | trim -%} "
            "{%- set fold = {} -%}{%- for to, chars in [('a', 'ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẚẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ'), ('c', 'ÇçĆćĈĉĊċČčḈḉ'), ('e', 'ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ'), ('i', 'ÌÍÎÏìíîïĨĩĪīĬĭĮįİǏǐȈȉȊȋḬḭḮḯỈỉỊị'), ('n', 'ÑñŃńŅņŇňŉǸǹṄṅṆṇṈṉṊṋ'), ('o', 'ÒÓÔÕÖòóôõöŌōŎŏŐőƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ'), ('u', 'ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự'), ('y', 'ÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ'), ('d', 'ĎďḊḋḌḍḎḏḐḑḒḓ'), ('g', 'ĜĝĞğĠġĢģǦǧǴǵḠḡ'), ('h', 'ĤĥȞȟḢḣḤḥḦḧḨḩḪḫẖ'), ('ij', 'Ĳĳ'), ('j', 'Ĵĵǰ'), ('k', 'ĶķǨǩḰḱḲḳḴḵ'), ('l', 'ĹĺĻļĽľĿŀḶḷḸḹḺḻḼḽ'), ('r', 'ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ'), ('s', 'ŚśŜŝŞşŠšſȘșṠṡṢṣṤṥṦṧṨṩẛ'), ('t', 'ŢţŤťȚțṪṫṬṭṮṯṰṱẗ'), ('w', 'ŴŵẀẁẂẃẄẅẆẇẈẉẘ'), ('z', 'ŹźŻżŽžẐẑẒẓẔẕ'), ('dz', 'ǄǅǆǱǲǳ'), ('lj', 'Ǉǈǉ'), ('nj', 'Ǌǋǌ'), ('b', 'ḂḃḄḅḆḇ'), ('f', 'Ḟḟ'), ('m', 'ḾḿṀṁṂṃ'), ('p', 'ṔṕṖṗ'), ('v', 'ṼṽṾṿ'), ('x', 'ẊẋẌẍ')] -%}{%- for ch in chars -%}{%- set _ = fold.update({ch: to}) -%}{%- endfor -%}{%- endfor -%}{%- set folded = namespace(s='') -%}{%- for ch in p -%}{%- set folded.s = folded.s ~ fold.get(ch, ch) -%}{%- endfor -%} "
            "{%- set pkg = folded.s | regex_replace('[^\\\\x00-\\\\x7f]', '') | regex_replace('[^0-9a-zA-Z]+', '_') | trim('_') | lower -%} "
            "{%- if not p -%}the project name is empty "
            "{%- elif '/' in p or '\\\\' in p or p in ['.', '..'] or p.startswith('.') -%}'{{ p }}' looks like a path; give a plain name such as 'churn-model' "
            "{%- elif p | length > 40 -%}the project name is longer than 40 characters "
            "{%- elif not pkg or not (pkg | regex_search('^[a-z][a-z0-9_]*$')) -%}'{{ p }}' gives no valid Python package name; start it with a letter "
            "{%- endif -%}"
        ),
    },
    "package_name": {
        "default": (
            "{%- set fold = {} -%}{%- for to, chars in [('a', 'ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẚẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ'), ('c', 'ÇçĆćĈĉĊċČčḈḉ'), ('e', 'ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ'), ('i', 'ÌÍÎÏìíîïĨĩĪīĬĭĮįİǏǐȈȉȊȋḬḭḮḯỈỉỊị'), ('n', 'ÑñŃńŅņŇňŉǸǹṄṅṆṇṈṉṊṋ'), ('o', 'ÒÓÔÕÖòóôõöŌōŎŏŐőƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ'), ('u', 'ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự'), ('y', 'ÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ'), ('d', 'ĎďḊḋḌḍḎḏḐḑḒḓ'), ('g', 'ĜĝĞğĠġĢģǦǧǴǵḠḡ'), ('h', 'ĤĥȞȟḢḣḤḥḦḧḨḩḪḫẖ'), ('ij', 'Ĳĳ'), ('j', 'Ĵĵǰ'), ('k', 'ĶķǨǩḰḱḲḳḴḵ'), ('l', 'ĹĺĻļĽľĿŀḶḷḸḹḺḻḼḽ'), ('r', 'ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ'), ('s', 'ŚśŜŝŞşŠšſȘșṠṡṢṣṤṥṦṧṨṩẛ'), ('t', 'ŢţŤťȚțṪṫṬṭṮṯṰṱẗ'), ('w', 'ŴŵẀẁẂẃẄẅẆẇẈẉẘ'), ('z', 'ŹźŻżŽžẐẑẒẓẔẕ'), ('dz', 'ǄǅǆǱǲǳ'), ('lj', 'Ǉǈǉ'), ('nj', 'Ǌǋǌ'), ('b', 'ḂḃḄḅḆḇ'), ('f', 'Ḟḟ'), ('m', 'ḾḿṀṁṂṃ'), ('p', 'ṔṕṖṗ'), ('v', 'ṼṽṾṿ'), ('x', 'ẊẋẌẍ')] -%}{%- for ch in chars -%}{%- set _ = fold.update({ch: to}) -%}{%- endfor -%}{%- endfor -%}{%- set folded = namespace(s='') -%}{%- for ch in project_name -%}{%- set folded.s = folded.s ~ fold.get(ch, ch) -%}{%- endfor -%} {{- folded.s | regex_replace('[^\\\\x00-\\\\x7f]', '') | regex_replace('[^0-9a-zA-Z]+', '_') | trim('_') | lower -}}"
        ),
        "validator": (
            "{%- if not (package_name | regex_search('^[A-Za-z][A-Za-z0-9_]*$')) -%}'{{ package_name }}' is not a valid Python package name (letters, digits, '_') "
            "{%- elif package_name != package_name | lower -%}'{{ package_name }}' should be lower case (PEP 8) "
            "{%- elif package_name in ['and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield'] or package_name | length > 40 -%}'{{ package_name }}' cannot be a package name "
            "{%- endif -%}"
        ),
    },
    "author_name": {
        "validator": (
            "{%- if author_name | regex_search('[\\x00-\\x1f\\x7f]') -%}contains a line break or another control character; give it on one line{%- endif -%}"
        ),
    },
    "author_email": {
        "validator": (
            "{%- if not (author_email | trim | regex_search('^[^@\\\\s<>]+@[^@\\\\s<>]+\\\\.[^@\\\\s<>]+$')) -%}'{{ author_email }}' is not an email address{%- endif -%}"
        ),
    },
    "input_kind": {
        "default": ("{{ 'time_series' if task_type == 'forecasting' else 'tabular' }}"),
    },
    "rows_repeat": {
        "when": ("{{ entity | trim != '' and entity != 'unknown' }}"),
    },
    "target_column": {
        "validator": (
            "{%- if not (target_column | regex_search('^[A-Za-z_][A-Za-z0-9_]*$')) -%}'{{ target_column }}' is not a usable column name (letters, digits and '_', not first a digit){%- endif -%}"
        ),
    },
    "metric": {
        "default": (
            "{{- {'classification': 'f1', 'regression': 'rmse', 'ranking': 'ndcg_at_10', 'forecasting': 'mae', 'generation': 'exact_match', 'other': 'accuracy'}[task_type] -}}"
        ),
        "validator": (
            "{%- set allowed = {'classification': ['f1', 'accuracy', 'roc_auc', 'precision', 'recall'], 'regression': ['rmse', 'mae', 'r2'], 'ranking': ['ndcg_at_10', 'map_at_10'], 'forecasting': ['mae', 'rmse', 'mape'], 'generation': ['exact_match', 'accuracy'], 'other': ['accuracy', 'f1', 'rmse', 'mae']}[task_type] -%} "
            "{%- if metric not in allowed -%}{{ metric }} does not fit a {{ task_type }} task; choose one of: {{ allowed | join(', ') }}{%- endif -%}"
        ),
    },
    "metric_target": {
        "default": ("{{ {'rmse': 1.0, 'mae': 1.0, 'mape': 0.1, 'r2': 0.7}.get(metric, 0.8) }}"),
        "validator": (
            "{%- set v = metric_target -%} "
            "{%- if metric in ['f1', 'accuracy', 'roc_auc', 'precision', 'recall', 'ndcg_at_10', 'map_at_10', 'exact_match'] and not (0 <= v <= 1) -%}{{ metric }} lies between 0 and 1; {{ v }} is out of range "
            "{%- elif metric == 'r2' and v > 1 -%}r2 is at most 1; {{ v }} is out of range "
            "{%- elif metric in ['rmse', 'mae', 'mape'] and v < 0 -%}{{ metric }} is never negative; {{ v }} is out of range "
            "{%- endif -%}"
        ),
    },
    "metric_min_useful": {
        # Follows the target: a quarter of the way down (higher is better), or twice it (lower).
        "default": (
            "{%- set t = metric_target | float -%} "
            "{%- if metric in ['rmse', 'mae', 'mape'] -%}{{ (t * 2) | round(6) }} "
            "{%- else -%}{%- set v = (t - 0.25 * ([t | abs, 0.8] | max)) | round(6) -%} "
            "{{- ([v, 0.0] | max) if metric in ['f1', 'accuracy', 'roc_auc', 'precision', 'recall', 'ndcg_at_10', 'map_at_10', 'exact_match'] else v -}} "
            "{%- endif -%}"
        ),
        "validator": (
            "{%- set v = metric_min_useful -%}{%- set t = metric_target -%} "
            "{%- if metric in ['f1', 'accuracy', 'roc_auc', 'precision', 'recall', 'ndcg_at_10', 'map_at_10', 'exact_match'] and not (0 <= v <= 1) -%}{{ metric }} lies between 0 and 1; {{ v }} is out of range "
            "{%- elif metric == 'r2' and v > 1 -%}r2 is at most 1; {{ v }} is out of range "
            "{%- elif metric in ['rmse', 'mae', 'mape'] and v < 0 -%}{{ metric }} is never negative; {{ v }} is out of range "
            "{%- elif metric in ['rmse', 'mae', 'mape'] and v < t -%}{{ metric }} is better when lower, so the lowest useful value cannot be below the target "
            "{%- elif metric not in ['rmse', 'mae', 'mape'] and v > t -%}{{ metric }} is better when higher, so the lowest useful value cannot be above the target "
            "{%- endif -%}"
        ),
    },
    "min_gain": {
        "validator": (
            "{% if not (0.0 <= min_gain <= 1000.0) %}{{ min_gain }} is out of range (0 to 1000){% endif %}"
        ),
    },
    "costlier_error": {
        "when": ("{{ task_type == 'classification' }}"),
    },
    "baseline_kind": {
        "default": (
            "{%- set allowed = {'classification': ['majority_class', 'class_prior', 'keyword_rule'], 'regression': ['mean', 'median'], 'ranking': ['weighted_rating'], 'forecasting': ['last_value', 'seasonal_naive', 'mean'], 'generation': ['keyword_rule', 'majority_class'], 'other': ['majority_class', 'mean', 'keyword_rule']}[task_type] + (['rule'] if automated_today else []) -%} "
            "{{- 'rule' if automated_today else ('keyword_rule' if input_kind == 'text' and 'keyword_rule' in allowed else allowed[0]) -}}"
        ),
        "validator": (
            "{%- set allowed = {'classification': ['majority_class', 'class_prior', 'keyword_rule'], 'regression': ['mean', 'median'], 'ranking': ['weighted_rating'], 'forecasting': ['last_value', 'seasonal_naive', 'mean'], 'generation': ['keyword_rule', 'majority_class'], 'other': ['majority_class', 'mean', 'keyword_rule']}[task_type] + (['rule'] if automated_today else []) -%} "
            "{%- if baseline_kind not in allowed -%}{{ baseline_kind }} does not fit a {{ task_type }} task; choose one of: {{ allowed | join(', ') }}{%- endif -%}"
        ),
    },
    "labelling": {
        "when": ("{{ data_availability in ['partial', 'unlabelled', 'none', 'unknown'] }}"),
    },
    "positive_rate": {
        "when": ("{{ task_type == 'classification' }}"),
        "validator": (
            "{% if not (0.1 <= positive_rate <= 99.9) %}{{ positive_rate }} is out of range (0.1 to 99.9){% endif %}"
        ),
    },
    "label_delay_days": {
        "validator": (
            "{% if not (0 <= label_delay_days <= 3650) %}{{ label_delay_days }} is out of range (0 to 3650){% endif %}"
        ),
    },
    "failure_rate": {
        "validator": (
            "{% if not (0.0 <= failure_rate <= 100.0) %}{{ failure_rate }} is out of range (0 to 100){% endif %}"
        ),
    },
    "latency_ms": {
        "when": ("{{ deployment in ['realtime', 'edge'] }}"),
        "validator": (
            "{%- if latency_ms != 'unknown' -%} "
            "{%- if latency_ms is not number or latency_ms is float or latency_ms is sameas true or latency_ms is sameas false -%}expected a whole number or 'unknown', got {{ latency_ms }} "
            "{%- elif not (1 <= latency_ms <= 600000) -%}{{ latency_ms }} is out of range (1 to 600000) "
            "{%- endif -%} "
            "{%- endif -%}"
        ),
    },
}
