"""Words the generated registry is made of: units, names, organs, titles, reasons."""

FAMILY_NAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CHARACTERS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌宇浩凯健俊帆帅旭宁颖琳雪梅晨晶瑶鑫博文志国建立新海波辉荣丹"

# (Chinese name, English name) of provincial departments; cities follow.
DEPARTMENTS = (
    ("省委办公厅", "Provincial Party Committee General Office"),
    ("省政府办公厅", "Provincial Government General Office"),
    ("省委组织部", "Organisation Department"),
    ("省委宣传部", "Publicity Department"),
    ("省委政法委", "Political and Legal Affairs Commission"),
    ("省发展改革委", "Development and Reform Commission"),
    ("省教育厅", "Department of Education"),
    ("省科技厅", "Department of Science and Technology"),
    ("省工业和信息化厅", "Department of Industry and Information Technology"),
    ("省公安厅", "Department of Public Security"),
    ("省国家安全厅", "Department of State Security"),
    ("省民政厅", "Department of Civil Affairs"),
    ("省司法厅", "Department of Justice"),
    ("省财政厅", "Department of Finance"),
    ("省人力资源社会保障厅", "Department of Human Resources and Social Security"),
    ("省自然资源厅", "Department of Natural Resources"),
    ("省生态环境厅", "Department of Ecology and Environment"),
    ("省住房城乡建设厅", "Department of Housing and Urban-Rural Development"),
    ("省交通运输厅", "Department of Transport"),
    ("省水利厅", "Department of Water Resources"),
    ("省农业农村厅", "Department of Agriculture and Rural Affairs"),
    ("省商务厅", "Department of Commerce"),
    ("省文化和旅游厅", "Department of Culture and Tourism"),
    ("省卫生健康委", "Health Commission"),
    ("省应急管理厅", "Department of Emergency Management"),
    ("省审计厅", "Audit Office"),
    ("省国资委", "State-owned Assets Commission"),
    ("省市场监管局", "Administration for Market Regulation"),
    ("省统计局", "Statistics Bureau"),
    ("省保密局", "Provincial Secrecy Bureau"),
)
CITIES = (
    ("东州市", "Dongzhou"), ("西江市", "Xijiang"), ("南平市", "Nanping"), ("北原市", "Beiyuan"),
    ("青州市", "Qingzhou"), ("云川市", "Yunchuan"), ("临海市", "Linhai"), ("安阳湖市", "Anyanghu"),
    ("丰县", "Feng County"), ("石门县", "Shimen County"), ("长宁县", "Changning County"), ("白河县", "Baihe County"),
)
CITY_OFFICES = (
    ("委办公室", "Party Committee Office"), ("政府办公室", "Government Office"), ("财政局", "Finance Bureau"),
    ("公安局", "Public Security Bureau"), ("发展改革局", "Development and Reform Bureau"),
    ("自然资源局", "Natural Resources Bureau"), ("教育局", "Education Bureau"), ("审计局", "Audit Bureau"),
    ("应急管理局", "Emergency Management Bureau"), ("保密局", "Secrecy Bureau"),
    ("水利局", "Water Resources Bureau"), ("卫生健康局", "Health Bureau"), ("交通运输局", "Transport Bureau"),
    ("统计局", "Statistics Bureau"), ("人力资源社会保障局", "Human Resources Bureau"), ("商务局", "Commerce Bureau"),
)

# Organs that send documents in, with the prefix of their reference numbers.
ORGANS = (
    ("国务院办公厅", "国办发"), ("中共中央办公厅", "中办发"), ("国家保密局", "国保发"), ("财政部", "财预"),
    ("应急管理部", "应急"), ("水利部", "水防"), ("省委办公厅", "省委办发"), ("省政府办公厅", "省政办发"),
    ("省保密局", "省保发"), ("省财政厅", "省财预"), ("省公安厅", "省公发"), ("省审计厅", "省审发"),
    ("省发展改革委", "省发改"), ("省委组织部", "省组通"), ("省国资委", "省国资发"),
    ("Ministry of Foreign Affairs", "MFA"), ("Provincial Military Command", "PMC"),
)

ACTIONS = ("加强", "做好", "开展", "进一步规范", "调整", "印发", "落实", "推进", "部署", "报送")
TOPICS = (
    "保密管理", "涉密载体管理", "年度预算执行", "重大项目招标", "安全生产检查", "机构编制", "干部任免", "网络安全",
    "应急预案", "防汛抗旱", "审计整改", "专项资金使用", "统计数据核查", "国有资产清查", "信访维稳", "对外合作交流",
    "重点工程建设", "边境管控", "粮食储备", "电力调度", "疫情防控", "反恐怖工作", "重大活动安保", "军民融合项目",
    "密码设备管理", "涉密人员出境审批", "保密自查自评", "要害部门部位管理", "核心技术攻关", "地质勘查成果",
)
KINDS = ("通知", "请示", "报告", "意见", "通报", "决定", "批复", "函", "实施方案", "会议纪要")
TOPICS_EN = (
    "the protection of state secrets", "classified carrier management", "budget execution", "tendering of major projects",
    "work safety inspections", "staffing adjustments", "cyber security", "emergency response plans", "flood control",
    "audit rectification", "special fund use", "state asset inventories", "border control", "grain reserves",
    "power dispatching", "security of major events", "cryptographic equipment", "key secret-related departments",
)
KINDS_EN = ("Notice on", "Report on", "Opinions on", "Plan for", "Minutes of the meeting on", "Request concerning")

REMARKS = ("", "", "", "", "", "", "附件另存", "急件，当日传阅", "Attachment kept separately", "领导批示件")
CORRECTION_REASONS = ("更正发文机关名称", "更正页数", "Corrected the page count", "补录附件数量")
